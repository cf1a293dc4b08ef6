package com.logistics.cdc.producer.journey;

import com.logistics.cdc.producer.config.ProducerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** Builds the journey beans from configuration, failing start-up with the offending key when it is wrong. */
@ApplicationScoped
public class JourneyFactory {

    @Produces
    @Singleton
    @Startup // a bad journey setting must stop start-up, not the first request
    Journeys journeys(ProducerConfig config) {
        ProducerConfig.Journey settings = config.journey();
        if (settings.minHops() > settings.maxHops()) {
            throw new IllegalStateException("producer.journey.min-hops (" + settings.minHops()
                    + ") must not exceed producer.journey.max-hops (" + settings.maxHops() + ")");
        }
        Map<Integer, Integer> weights;
        try {
            weights = settings.customerWeights().entrySet().stream()
                    .collect(Collectors.toMap(e -> Integer.parseInt(e.getKey().trim()), Map.Entry::getValue));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("producer.journey.customer-weights keys must be customer ids (1, 2, ...): "
                    + settings.customerWeights().keySet());
        }
        RandomGenerator random = settings.seed().isPresent()
                ? new SplittableRandom(settings.seed().getAsLong())
                : new SplittableRandom();
        AddressBook addresses = new AddressBook(Locale.forLanguageTag(settings.locale()), random,
                settings.addresses(), settings.hubs());
        try {
            return new Journeys(new Journey(addresses, settings.minHops(), settings.maxHops()),
                    new CustomerPicker(weights), random);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("producer.journey: " + e.getMessage(), e);
        }
    }
}

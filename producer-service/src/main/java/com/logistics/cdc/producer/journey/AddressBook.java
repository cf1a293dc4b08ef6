package com.logistics.cdc.producer.journey;

import net.datafaker.Faker;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Real-looking addresses and sorting hubs, made once with Datafaker: picking from them costs nanoseconds, so
 * generating 100,000 journeys is bound by the database, not by the fake-data library.
 */
public final class AddressBook {

    private final List<String> homes;
    private final List<String> hubs;

    public AddressBook(Locale locale, RandomGenerator random, int homes, int hubs) {
        Faker faker = new Faker(locale, new java.util.Random(random.nextLong()));
        this.homes = Stream.generate(() -> "%s, %s - %s, %s".formatted(faker.address().streetAddress(),
                        faker.address().city(), faker.address().stateAbbr(), faker.address().zipCode()))
                .limit(homes).toList();
        this.hubs = Stream.generate(() -> "Centro de Distribuição %s - %s".formatted(faker.address().city(),
                        faker.address().stateAbbr()))
                .limit(hubs * 20L).distinct().limit(hubs).toList(); // the locale may know fewer cities than asked
        if (this.hubs.size() < 2 || this.homes.isEmpty()) {
            throw new IllegalArgumentException("at least 2 hubs and 1 home address are needed");
        }
    }

    public String home(RandomGenerator random) {
        return homes.get(random.nextInt(homes.size()));
    }

    /** A hub other than {@code current}, so a hop always goes somewhere. */
    public String hubOtherThan(String current, RandomGenerator random) {
        String hub = hubs.get(random.nextInt(hubs.size()));
        return hub.equals(current) ? hubs.get((hubs.indexOf(hub) + 1) % hubs.size()) : hub;
    }
}

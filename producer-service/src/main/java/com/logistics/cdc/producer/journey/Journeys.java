package com.logistics.cdc.producer.journey;

import com.logistics.cdc.producer.JourneyStep;

import java.util.random.RandomGenerator;

/**
 * The service's one source of journeys: one random sequence shared by every caller (so a seed reproduces a
 * run), behind a lock that is held for nanoseconds per step.
 */
public final class Journeys {

    private final Journey journey;
    private final CustomerPicker customers;
    private final RandomGenerator random;

    public Journeys(Journey journey, CustomerPicker customers, RandomGenerator random) {
        this.journey = journey;
        this.customers = customers;
        this.random = random;
    }

    /** A new package: who owns it and its first step. */
    public record NewPackage(int customerId, JourneyStep step) {
    }

    public synchronized NewPackage post() {
        return new NewPackage(customers.pick(random), journey.post(random));
    }

    public synchronized JourneyStep advance(JourneyStep from) {
        return journey.advance(from, random);
    }

    public synchronized double nextDouble() {
        return random.nextDouble();
    }
}

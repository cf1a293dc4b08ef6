package com.logistics.cdc.producer.journey;

import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/** Draws the customer that owns a new package, in proportion to the configured weights. */
public final class CustomerPicker {

    private final int[] customers;
    private final long[] cumulative;

    public CustomerPicker(Map<Integer, Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("at least one customer is needed");
        }
        TreeMap<Integer, Integer> sorted = new TreeMap<>(weights);
        customers = new int[sorted.size()];
        cumulative = new long[sorted.size()];
        long total = 0;
        int i = 0;
        for (var entry : sorted.entrySet()) {
            if (entry.getKey() < 1 || entry.getValue() < 0) {
                throw new IllegalArgumentException("customer ids must be >= 1 and weights >= 0: " + entry);
            }
            total += entry.getValue();
            customers[i] = entry.getKey();
            cumulative[i++] = total;
        }
        if (total == 0) {
            throw new IllegalArgumentException("at least one customer weight must be positive");
        }
    }

    public int pick(RandomGenerator random) {
        long ticket = random.nextLong(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (ticket < cumulative[i]) {
                return customers[i];
            }
        }
        throw new IllegalStateException("unreachable");
    }
}

package com.logistics.cdc.producer.journey;

import com.logistics.cdc.producer.JourneyStep;
import com.logistics.cdc.producer.Status;

import java.util.random.RandomGenerator;

/**
 * The journey every package makes: Package Posted at a sender's address, one or more In Transit hops from hub
 * to hub (each hop starts where the previous one was going), Out for Delivery from the last hub, and Package
 * Delivered at the recipient's address. Never backwards, never past delivered.
 */
public final class Journey {

    private final AddressBook addresses;
    private final int minHops;
    private final int maxHops;

    public Journey(AddressBook addresses, int minHops, int maxHops) {
        if (minHops < 1 || maxHops < minHops) {
            throw new IllegalArgumentException("hops must satisfy 1 <= min (" + minHops + ") <= max (" + maxHops + ")");
        }
        this.addresses = addresses;
        this.minHops = minHops;
        this.maxHops = maxHops;
    }

    /** A new package at its sender, going to a first hub, with its number of hops drawn. */
    public JourneyStep post(RandomGenerator random) {
        int hops = minHops + random.nextInt(maxHops - minHops + 1);
        return new JourneyStep(Status.POSTED, addresses.home(random), addresses.hubOtherThan(null, random), hops);
    }

    /** The next step; a delivered package has none. */
    public JourneyStep advance(JourneyStep from, RandomGenerator random) {
        String arrivedAt = from.nextAddress();
        return switch (from.status()) {
            // at least the one hop: a row another writer posted without hops_remaining has the column's default, 0
            case POSTED -> new JourneyStep(Status.IN_TRANSIT, arrivedAt, addresses.hubOtherThan(arrivedAt, random),
                    Math.max(0, from.hopsRemaining() - 1));
            case IN_TRANSIT -> from.hopsRemaining() > 0
                    ? new JourneyStep(Status.IN_TRANSIT, arrivedAt, addresses.hubOtherThan(arrivedAt, random),
                            from.hopsRemaining() - 1)
                    : new JourneyStep(Status.OUT_FOR_DELIVERY, arrivedAt, addresses.home(random), 0);
            case OUT_FOR_DELIVERY -> new JourneyStep(Status.DELIVERED, arrivedAt, null, 0);
            case DELIVERED -> throw new AlreadyDelivered();
        };
    }

    /** A delivered package cannot move any more. */
    public static final class AlreadyDelivered extends IllegalStateException {
        public AlreadyDelivered() {
            super("the package was already delivered");
        }
    }
}

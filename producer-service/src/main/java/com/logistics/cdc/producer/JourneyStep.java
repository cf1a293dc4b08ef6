package com.logistics.cdc.producer;

/**
 * Where a package is: its status, the address it is at, the address it goes to next (none once delivered) and
 * how many In Transit hops are still ahead.
 */
public record JourneyStep(Status status, String actualAddress, String nextAddress, int hopsRemaining) {

    public JourneyStep {
        if ((status == Status.DELIVERED) != (nextAddress == null)) {
            throw new IllegalArgumentException("next address must be null exactly when delivered: " + status);
        }
        if (hopsRemaining < 0) {
            throw new IllegalArgumentException("hops remaining must not be negative");
        }
    }
}

package com.logistics.cdc.monitor.event;

import io.smallrye.mutiny.Uni;

/**
 * Where the stream hands each movement it sees for the first time, so that it knows nothing of how movements
 * reach the customers (dispatch implements it).
 */
public interface MovementRouter {

    /** Whether movements are routed at all: with dispatch turned off the monitor only shows them. */
    boolean enabled();

    /** Whether movements of this customer can be routed: one not configured is a bad event, dead-lettered. */
    boolean knows(int customerId);

    /** Queues the movement for its customer; completes once it is queued durably. */
    Uni<Void> route(ChangeEvent movement);
}

package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.PackageSnapshot;

import java.time.Instant;

/**
 * What a customer receives for one movement ({@code POST /package-status}). {@code eventId} is also the
 * Idempotency-Key: it comes from the change's log position, so a re-sent movement carries the same one.
 */
public record CustomerNotification(String eventId, String trackingCode, int customerId, String status,
                                   String previousStatus, String actualAddress, String nextAddress, Instant occurredAt) {

    public static CustomerNotification of(ChangeEvent event) {
        PackageSnapshot row = event.current();
        return new CustomerNotification(event.eventId(), row.trackingCode(), row.customerId(), row.status(),
                event.previousStatus(), row.actualAddress(), row.nextAddress(), Instant.ofEpochMilli(event.committedAtMs()));
    }
}

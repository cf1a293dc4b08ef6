package com.logistics.cdc.monitor.dashboard;

import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.PackageSnapshot;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A change as people see it: which package, whose, from which status and place to which. */
public record Movement(String eventId, String op, String trackingCode, int customerId, String previousStatus,
                       String status, String actualAddress, String nextAddress, long committedAtMs, long seenAtMs,
                       long latencyMs, int partition, long offset) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    public static Movement of(ChangeEvent event, long seenAtMs, int partition, long offset) {
        PackageSnapshot row = event.current();
        return new Movement(event.eventId(), event.op().code(), row == null ? null : row.trackingCode(),
                row == null ? 0 : row.customerId(), event.previousStatus(), row == null ? null : row.status(),
                row == null ? null : row.actualAddress(), row == null ? null : row.nextAddress(),
                event.committedAtMs(), seenAtMs, Math.max(0, seenAtMs - event.committedAtMs()), partition, offset);
    }

    /** One terminal line: time, package, customer, status change, place change, commit-to-seen latency. */
    public String line() {
        String change = switch (op) {
            case "c" -> "               -> " + status;
            case "r" -> "(snapshot)        " + status;
            case "d" -> "(deleted)         " + status;
            default -> String.format("%-17s -> %s", previousStatus, status);
        };
        return String.format("%s  %-13s  customer %-3d %-40s  %s -> %s  (%d ms)", TIME.format(Instant.ofEpochMilli(seenAtMs)),
                trackingCode, customerId, change, actualAddress, nextAddress == null ? "-" : nextAddress, latencyMs);
    }
}

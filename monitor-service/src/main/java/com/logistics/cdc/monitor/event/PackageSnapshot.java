package com.logistics.cdc.monitor.event;

/** A row of package_status as a change event carries it ({@code before} or {@code after}). */
public record PackageSnapshot(long id, String trackingCode, int customerId, String actualAddress, String nextAddress,
                              String status, String updatedAt, long version) {
}

package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.PackageStatus;

import java.time.OffsetDateTime;

/** A package as the API shows it. */
public record PackageView(String trackingCode, int customerId, String status, String actualAddress,
                          String nextAddress, OffsetDateTime updatedAt, long version) {

    static PackageView of(PackageStatus row) {
        return new PackageView(row.trackingCode, row.customerId, row.status.label(), row.actualAddress, row.nextAddress,
                row.updatedAt, row.version);
    }
}

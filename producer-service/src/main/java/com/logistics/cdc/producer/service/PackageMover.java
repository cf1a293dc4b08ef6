package com.logistics.cdc.producer.service;

import com.logistics.cdc.producer.PackageStatus;
import com.logistics.cdc.producer.journey.Journeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves one package one step through the Panache entity. Concurrent moves of the same package are serialised
 * by a row lock: each reads the row once the one before it has committed and moves it from there, so no step is
 * lost or applied twice. A bulk move takes its rows {@code FOR UPDATE SKIP LOCKED}, so it passes over a row being
 * moved here, and this waits for a row a bulk move holds. The version column still counts the moves.
 */
@ApplicationScoped
public class PackageMover {

    private final Journeys journeys;

    public PackageMover(Journeys journeys) {
        this.journeys = journeys;
    }

    public Uni<PackageStatus> advance(String trackingCode) {
        return Panache.withTransaction(() -> PackageStatus.lockByTrackingCode(trackingCode)
                .onItem().ifNull().failWith(() -> new UnknownPackage(trackingCode))
                .invoke(row -> row.moveTo(journeys.advance(row.step()))));
    }

    public Uni<PackageStatus> find(String trackingCode) {
        return Panache.withSession(() -> PackageStatus.findByTrackingCode(trackingCode))
                .onItem().ifNull().failWith(() -> new UnknownPackage(trackingCode));
    }
}

package com.logistics.cdc.producer.service;

import com.logistics.cdc.producer.PackageStatus;
import com.logistics.cdc.producer.journey.Journeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;

import java.time.Duration;

/**
 * Moves one package one step through the Panache entity. Concurrent moves of the same package are serialised
 * by a row lock: each reads the row once the one before it has committed and moves it from there, so no step is
 * lost or applied twice. The version column stays as a guard: a write that still loses a race (a bulk move takes
 * its rows with {@code FOR UPDATE} too, so none should) is tried again from the row as it is then.
 */
@ApplicationScoped
public class PackageMover {

    private static final int MAX_ATTEMPTS = 20;

    private final Journeys journeys;

    public PackageMover(Journeys journeys) {
        this.journeys = journeys;
    }

    public Uni<PackageStatus> advance(String trackingCode) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> PackageStatus.lockByTrackingCode(trackingCode)
                        .onItem().ifNull().failWith(() -> new UnknownPackage(trackingCode))
                        .invoke(row -> row.moveTo(journeys.advance(row.step())))))
                .onFailure(PackageMover::lostRace).retry()
                .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).withJitter(0.5).atMost(MAX_ATTEMPTS);
    }

    public Uni<PackageStatus> find(String trackingCode) {
        return Panache.withSession(() -> PackageStatus.findByTrackingCode(trackingCode))
                .onItem().ifNull().failWith(() -> new UnknownPackage(trackingCode));
    }

    private static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleObjectStateException) {
                return true;
            }
        }
        return false;
    }
}

package com.logistics.cdc.producer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;

/**
 * One row per package, updated in place as it moves: each insert or update is one change event for Debezium.
 * New rows are written in bulk by {@code PackageWriter}; this entity reads and moves single packages.
 */
@Entity
@Table(name = "package_status")
public class PackageStatus extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "tracking_code", nullable = false, unique = true, length = 32)
    public String trackingCode;

    @Column(name = "customer_id", nullable = false)
    public int customerId;

    @Column(name = "actual_address", nullable = false, length = 300)
    public String actualAddress;

    @Column(name = "next_address", length = 300)
    public String nextAddress;

    @Column(nullable = false, length = 32)
    public Status status;

    @Column(name = "hops_remaining", nullable = false)
    @JdbcTypeCode(SqlTypes.SMALLINT)
    public int hopsRemaining;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Version
    public long version;

    public static Uni<PackageStatus> findByTrackingCode(String trackingCode) {
        return find("trackingCode", trackingCode).firstResult();
    }

    /** The row, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): concurrent movers queue for it. */
    public static Uni<PackageStatus> lockByTrackingCode(String trackingCode) {
        return find("trackingCode", trackingCode).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public JourneyStep step() {
        return new JourneyStep(status, actualAddress, nextAddress, hopsRemaining);
    }

    public void moveTo(JourneyStep step) {
        status = step.status();
        actualAddress = step.actualAddress();
        nextAddress = step.nextAddress();
        hopsRemaining = step.hopsRemaining();
        updatedAt = OffsetDateTime.now();
    }
}

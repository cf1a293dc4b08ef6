package com.logistics.cdc.producer;

import com.logistics.cdc.producer.config.ProducerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.Wellness;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * The WAL PostgreSQL keeps for Debezium's replication slot. While Kafka Connect is down, or its task failed, the
 * slot holds every change since the connector's last confirmed position: nothing is lost, and the database's disk
 * fills. Read every {@code producer.replication-slot.interval}; shown as metrics
 * ({@code producer_replication_slot_retained_wal_bytes}, {@code producer_replication_slot_active}, and the
 * threshold as {@code producer_replication_slot_warning_bytes}), as the health check {@code replication-slot}
 * (in {@code /q/health/well}: DOWN past {@code producer.replication-slot.warning-bytes}), and as one warning in the
 * log each time it crosses the threshold.
 */
@Wellness
@ApplicationScoped
public class ReplicationSlotWatch implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ReplicationSlotWatch.class);
    private static final String QUERY = """
            SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint
            FROM pg_replication_slots WHERE slot_name = $1""";

    /** What the last read found; {@code exists} false until the connector made its slot. */
    record Slot(boolean exists, boolean active, long retainedBytes) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final ProducerConfig.ReplicationSlot config;
    private volatile Slot slot = new Slot(false, false, 0);
    private volatile String lastError;
    private long timer = -1;

    public ReplicationSlotWatch(Pool pool, Vertx vertx, ProducerConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.replicationSlot();
        Gauge.builder("producer.replication.slot.retained.wal", this, watch -> watch.slot.retainedBytes()).baseUnit("bytes")
                .description("WAL PostgreSQL keeps for the connector's replication slot (grows while Connect is down)")
                .tag("slot", this.config.name()).register(registry);
        Gauge.builder("producer.replication.slot.active", this, watch -> watch.slot.active() ? 1 : 0)
                .description("1 while a connector streams from the replication slot")
                .tag("slot", this.config.name()).register(registry);
        Gauge.builder("producer.replication.slot.warning", this, watch -> watch.config.warningBytes()).baseUnit("bytes")
                .description("Retained WAL past which the replication-slot health check reports DOWN")
                .tag("slot", this.config.name()).register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(0, config.interval().toMillis(), id -> read());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void read() {
        pool.preparedQuery(QUERY).execute(Tuple.of(config.name())).subscribe().with(rows -> {
            Slot previous = slot;
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            slot = row == null ? new Slot(false, false, 0) : new Slot(true, row.getBoolean(0), row.getLong(1));
            lastError = null;
            if (slot.retainedBytes() > config.warningBytes() && previous.retainedBytes() <= config.warningBytes()) {
                LOG.warnf("Replication slot %s keeps %d MiB of WAL (warning at %d MiB, active: %s): is Kafka Connect running?",
                        config.name(), slot.retainedBytes() >> 20, config.warningBytes() >> 20, slot.active());
            }
        }, failure -> lastError = failure.getMessage()); // the database down: readiness says so, the last figure stays
    }

    @Override
    public HealthCheckResponse call() {
        Slot now = slot;
        return HealthCheckResponse.named("replication-slot")
                .status(now.retainedBytes() <= config.warningBytes())
                .withData("slot", config.name())
                .withData("exists", now.exists())
                .withData("active", now.active())
                .withData("retainedWalBytes", now.retainedBytes())
                .withData("warningBytes", config.warningBytes())
                .withData("lastError", lastError == null ? "" : lastError)
                .build();
    }
}

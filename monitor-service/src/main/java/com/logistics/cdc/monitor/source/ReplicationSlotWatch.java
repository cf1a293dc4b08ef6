package com.logistics.cdc.monitor.source;

import com.logistics.cdc.monitor.config.MonitorConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The WAL PostgreSQL keeps for Debezium's replication slot, on the dashboard. While Kafka Connect is down the slot
 * holds every change since the connector's last confirmed position: nothing is lost, and the database's disk
 * fills. The monitor has no database connection of its own: producer-service reads the slot and reports it as its
 * health check {@code replication-slot} (DOWN past its warning threshold); this reads that check every
 * {@code monitor.producer-poll} from {@code monitor.producer-url}.
 */
@ApplicationScoped
public class ReplicationSlotWatch {

    static final String CHECK = "replication-slot";

    public enum State { OK, WARNING, UNKNOWN }

    /**
     * What the dashboard shows: {@code WARNING} past producer-service's threshold, {@code UNKNOWN} when not
     * watched or not reached ({@code problem} says which).
     */
    public record ReplicationSlot(State state, String slot, boolean active, long retainedWalBytes, long warningBytes,
                                  String problem) {

        public static ReplicationSlot unknown(String problem) {
            return new ReplicationSlot(State.UNKNOWN, "", false, 0, 0, problem);
        }
    }

    private final Optional<ProducerHealth> producer;
    private volatile ReplicationSlot slot;

    public ReplicationSlotWatch(MonitorConfig config) {
        producer = config.producerUrl().map(url -> QuarkusRestClientBuilder.newBuilder().baseUri(url)
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(3, TimeUnit.SECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true) // a 503 carries the figures too
                .build(ProducerHealth.class));
        slot = ReplicationSlot.unknown(producer.isPresent() ? "not read yet"
                : "not watched: monitor.producer-url (PRODUCER_URL) is not set");
    }

    public ReplicationSlot slot() {
        return slot;
    }

    @Scheduled(every = "${monitor.producer-poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void read() {
        producer.ifPresent(api -> {
            try (Response response = api.wellness()) {
                slot = fromHealth(response.readEntity(ProducerHealth.Document.class));
            } catch (RuntimeException e) {
                slot = ReplicationSlot.unknown("producer-service not reached: " + e.getMessage());
            }
        });
    }

    static ReplicationSlot fromHealth(ProducerHealth.Document health) {
        if (health == null || health.checks() == null) {
            return ReplicationSlot.unknown("producer-service answered no health document");
        }
        return health.checks().stream().filter(check -> CHECK.equals(check.name()) && check.data() != null).findFirst()
                .map(check -> {
                    Map<String, Object> data = check.data();
                    if (!Boolean.TRUE.equals(data.get("exists"))) {
                        return ReplicationSlot.unknown("the connector has not made its slot " + data.get("slot") + " yet");
                    }
                    return new ReplicationSlot("UP".equals(check.status()) ? State.OK : State.WARNING,
                            String.valueOf(data.get("slot")), Boolean.TRUE.equals(data.get("active")),
                            number(data.get("retainedWalBytes")), number(data.get("warningBytes")), "");
                })
                .orElseGet(() -> ReplicationSlot.unknown("producer-service reports no check " + CHECK));
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}

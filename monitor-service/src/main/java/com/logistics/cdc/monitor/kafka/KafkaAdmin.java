package com.logistics.cdc.monitor.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The monitor's one Kafka admin client, made on first use: consumer lag, the warm-up's committed offsets, the
 * dispatch topics and their end offsets. Callers that must not wait long give their calls their own timeouts.
 */
@ApplicationScoped
public class KafkaAdmin {

    private final KafkaClients clients;
    private Admin admin;
    private boolean closed;

    public KafkaAdmin(KafkaClients clients) {
        this.clients = clients;
    }

    /** After shutdown the closed client is returned: its calls fail through their futures, as callers expect. */
    public synchronized Admin client() {
        if (admin == null) {
            if (closed) {
                throw new IllegalStateException("the monitor is shutting down: no new Kafka admin client");
            }
            admin = Admin.create(clients.config(Map.of()));
        }
        return admin;
    }

    /** Creates {@code topic} unless it exists (then it is left as it is); completes once Kafka answered. */
    public CompletionStage<Void> createIfAbsent(NewTopic topic) {
        return client().createTopics(List.of(topic)).all().toCompletionStage()
                .exceptionallyCompose(failure -> failure instanceof TopicExistsException
                        || failure.getCause() instanceof TopicExistsException
                        ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(failure));
    }

    /**
     * {@code topic} with no retention by time or size: for dead letters, which wait for a person to look at them.
     * Kafka's default (a week, unless the broker says otherwise) would delete them unread.
     */
    public static NewTopic keptForever(NewTopic topic) {
        return topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
    }

    /** Last of all at shutdown: the dispatchers (default priority) use it until they have stopped. */
    synchronized void close(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        closed = true; // a late lag measure must not make a new client
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}

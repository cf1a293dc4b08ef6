package com.logistics.cdc.monitor.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.kafka.KafkaAdmin;
import com.logistics.cdc.monitor.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The dispatch topics: one per customer ({@code package-status.customer-<id>}, keyed by package, one
 * partition per request the customer may have in flight) and the dead-letter topic. Writes complete when the
 * broker has the record (acks=all, idempotent producer).
 */
@ApplicationScoped
public class DispatchTopics {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final MonitorConfig.Dispatch config;
    private final KafkaClients clients;
    private final KafkaAdmin admin;
    private KafkaProducer<String, byte[]> producer;

    public DispatchTopics(MonitorConfig config, KafkaClients clients,
                          KafkaAdmin admin) {
        this.config = config.dispatch();
        this.clients = clients;
        this.admin = admin;
    }

    public String topicOf(int customerId) {
        return config.topicPrefix() + customerId;
    }

    /**
     * Creates the topics that do not exist yet: each customer's, keeping a movement {@code retention}, and the
     * dead-letter topic, keeping its movements until someone deletes them. A topic that exists is left as it is.
     */
    void create() throws InterruptedException, ExecutionException {
        String retention = Long.toString(config.retention().toMillis());
        for (MonitorConfig.Customer customer : config.customers()) {
            create(new NewTopic(topicOf(customer.id()), customer.concurrency(), config.replicationFactor())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retention)));
        }
        create(KafkaAdmin.keptForever(new NewTopic(config.deadLetterTopic(), Optional.empty(), Optional.of(config.replicationFactor()))));
    }

    private void create(NewTopic topic) throws InterruptedException, ExecutionException {
        try {
            admin.createIfAbsent(topic).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not create " + topic.name() + " in 30 s", e);
        }
    }

    /** Each partition's end offset; the caller does not wait for Kafka's answer. */
    CompletionStage<Map<TopicPartition, Long>> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        return admin.client().listOffsets(latest).all().toCompletionStage().thenApply(answer -> {
            Map<TopicPartition, Long> ends = new HashMap<>();
            answer.forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        });
    }

    /** Queues a movement for its customer. */
    public Uni<Void> enqueue(CustomerNotification notification) {
        return send(new ProducerRecord<>(topicOf(notification.customerId()), notification.trackingCode(), bytes(notification)));
    }

    /** Puts a movement that could not be delivered in the dead-letter topic, saying why. */
    Uni<Void> deadLetter(CustomerNotification notification, String reason, int attempts, int status) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-attempts", Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-customer", Integer.toString(notification.customerId()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-http-status", Integer.toString(status).getBytes(StandardCharsets.UTF_8));
        headers.add("event-id", notification.eventId().getBytes(StandardCharsets.UTF_8));
        return send(new ProducerRecord<>(config.deadLetterTopic(), null, notification.trackingCode(), bytes(notification), headers));
    }

    private Uni<Void> send(ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().emitter(emitter -> producer().send(record, (metadata, failure) -> {
            if (failure == null) {
                emitter.complete(null);
            } else {
                emitter.fail(failure);
            }
        }));
    }

    private static byte[] bytes(CustomerNotification notification) {
        try {
            return JSON.writeValueAsBytes(notification);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(clients.config(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 1,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
        }
        return producer;
    }

    /** After the dispatchers have stopped (they observe shutdown at the default priority): they use the producer. */
    synchronized void close(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }
}

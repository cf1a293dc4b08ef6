package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.kafka.KafkaClients;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers one customer's movements from its own topic, with its own consumer group, thread, concurrency and
 * circuit breaker, so no other customer ever waits for it. The poll loop feeds {@link Lanes}, which decides what
 * is sent next (one movement per package at a time, up to {@code concurrency} in flight), what is safe to commit
 * and which partitions to pause; this class does the Kafka and the HTTP around it.
 */
final class CustomerDispatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(CustomerDispatcher.class);
    private static final TypeLiteral<Uni<Response>> UNI_RESPONSE = new TypeLiteral<>() { };
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);

    private final MonitorConfig.Customer customer;
    private final CustomerApi api;
    private final DispatchTopics topics;
    private final DispatchStats stats;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Guard guard;
    private final Lanes<TopicPartition, ConsumerRecord<String, byte[]>> lanes;
    /** Movements delivered or dead-lettered, handed from the delivery's thread to the poll thread. */
    private final Queue<Lanes.Entry<TopicPartition, ConsumerRecord<String, byte[]>>> done = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private long lastCommit;
    private long lastBacklog;
    /** The end offset of each partition, updated on Kafka's admin thread. */
    private volatile Map<TopicPartition, Long> endOffsets = Map.of();

    CustomerDispatcher(MonitorConfig.Customer customer, CustomerApi api, DispatchTopics topics, DispatchStats stats,
                       int bufferPerPartition, KafkaClients clients) {
        this.customer = customer;
        this.api = api;
        this.topics = topics;
        this.stats = stats;
        this.lanes = new Lanes<>(customer.concurrency(), bufferPerPartition);
        this.consumer = new KafkaConsumer<>(clients.config(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "monitor-dispatch-customer-" + customer.id(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // no silent reset: a new group starts at the first movement, a gap left by retention is counted
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                // a resumed partition is fetched once the fetch in flight returns: keep that wait short
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
        long initialBackoff = Math.max(1, customer.initialBackoff().toMillis());
        this.guard = Guard.create()
                .withDescription("customer " + customer.id())
                .withRetry()
                    .maxRetries(customer.maxAttempts() - 1)
                    .delay(initialBackoff, ChronoUnit.MILLIS)
                    .jitter(Math.max(1, initialBackoff / 2), ChronoUnit.MILLIS)
                    .maxDuration(365, ChronoUnit.DAYS) // bounded by attempts, not by time
                    .retryOn(DeliveryFailure.Retryable.class)
                    .abortOn(CircuitBreakerOpenException.class)
                    .withExponentialBackoff().factor(2).maxDelay(customer.maxBackoff().toMillis(), ChronoUnit.MILLIS).done()
                    .done()
                .withCircuitBreaker()
                    .requestVolumeThreshold(customer.circuitRequestVolume())
                    .failureRatio(customer.circuitFailureRatio())
                    .delay(customer.circuitDelay().toMillis(), ChronoUnit.MILLIS)
                    .skipOn(DeliveryFailure.Permanent.class) // a refused movement says nothing about the customer's health
                    .onStateChange(this::circuitChanged)
                    .done()
                .build();
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topics.topicOf(customer.id())), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                try {
                    commitNow();
                } catch (KafkaException e) { // thrown out of this listener, it would end the poll loop, and the thread
                    LOG.warnf("Commit for customer %d before a rebalance failed (%s): those movements may be delivered again",
                            customer.id(), e.getMessage());
                }
                revoked.forEach(lanes::revoke); // their unfinished records come again to the new owner
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                // The group went on without this consumer (it was silent past the session timeout: a paused VM, a
                // network cut), so a commit would be refused; the new owner delivers again what was not committed.
                lost.forEach(lanes::revoke);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            }
        });
        try {
            while (running) {
                try {
                    // what finished and what it frees first: a package's next movement goes out as soon as the
                    // answer to its previous one is in, not after the next poll (up to 200 ms later)
                    finishDone();
                    startWork();
                    flowControl();
                    commit(false);
                    measureBacklog();
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> lanes.accept(
                            new TopicPartition(record.topic(), record.partition()), record.offset(), record.key(), record));
                } catch (WakeupException e) {
                    // a delivery finished (or stop() was called): the loop goes round at once
                } catch (NoOffsetForPartitionException e) {
                    consumer.seekToBeginning(e.partitions()); // a new group: from the first movement Kafka has
                } catch (OffsetOutOfRangeException e) {
                    skipDeleted(e.offsetOutOfRangePartitions());
                }
            }
        } catch (Exception e) {
            LOG.errorf(e, "Dispatcher of customer %d stopped", customer.id());
        } finally {
            finishDone();
            commitNow();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Commits what is complete; a pending wake-up interrupts the first try only. */
    private void commitNow() {
        try {
            commit(true);
        } catch (WakeupException e) {
            commit(true);
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    /**
     * The next movements to poll are gone: the topic's retention deleted them before this customer took them (an
     * outage longer than {@code monitor.dispatch.retention}). They cannot be delivered; they are counted and logged
     * as an error, and delivery goes on from the first movement Kafka still has. An offset past the end (the topic
     * was deleted and made again) starts again from its beginning too.
     */
    private void skipDeleted(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> firsts = null;
        while (firsts == null) {
            try {
                firsts = consumer.beginningOffsets(positions.keySet());
            } catch (WakeupException e) { // a delivery finished meanwhile: ask again (stopping: the next start finds the gap again)
                if (!running) {
                    return;
                }
            }
        }
        for (var entry : positions.entrySet()) {
            TopicPartition id = entry.getKey();
            long position = entry.getValue();
            long first = firsts.get(id);
            if (first > position) {
                stats.expired(first - position);
                LOG.errorf("%d movements of customer %d (%s, offsets %d to %d) were deleted by the topic's retention"
                        + " before they were delivered", first - position, customer.id(), id, position, first - 1);
            } else {
                LOG.warnf("Offset %d of %s is past its end: the topic was made again; delivering it from offset %d",
                        position, id, first);
            }
            consumer.seek(id, first);
            lanes.resumedAfterGap(id, first); // committed once the rest is done: a restart must not count them again
        }
    }

    private void startWork() {
        for (var next = lanes.next(); next != null; next = lanes.next()) {
            var entry = next;
            ConsumerRecord<String, byte[]> record = entry.movement();
            stats.started(Math.max(0, System.currentTimeMillis() - record.timestamp()));
            deliver(record).subscribe().with(
                    ignored -> {
                        done.add(entry);
                        consumer.wakeup();
                    },
                    failure -> LOG.errorf(failure, "Delivery of offset %d stopped unexpectedly", record.offset()));
        }
    }

    private void finishDone() {
        for (var entry = done.poll(); entry != null; entry = done.poll()) {
            lanes.done(entry);
            stats.finished();
        }
    }

    private void flowControl() {
        Lanes.Flow<TopicPartition> flow = lanes.flowControl();
        if (!flow.pause().isEmpty()) {
            consumer.pause(flow.pause());
        }
        if (!flow.resume().isEmpty()) {
            consumer.resume(flow.resume());
        }
    }

    private void commit(boolean now) {
        long time = System.nanoTime();
        Map<TopicPartition, Long> safe = lanes.committable();
        if (safe.isEmpty() || (!now && time - lastCommit < COMMIT_INTERVAL.toNanos())) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        safe.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        lastCommit = time;
        if (now) {
            consumer.commitSync(offsets); // a wake-up here leaves them committable, for the next try
            lanes.committed(safe);
        } else {
            lanes.committed(safe);
            consumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    LOG.warnf("Commit for customer %d failed (%s): those movements may be delivered again", customer.id(),
                            failure.getMessage());
                }
            });
        }
    }

    /**
     * Movements not yet started: still in Kafka, or polled and waiting for a free slot or their package. The end
     * offsets are Kafka's answer to the previous measure, a second old: asking on this thread would hold up
     * every delivery for a round trip to the broker.
     */
    private void measureBacklog() {
        long time = System.nanoTime();
        if (time - lastBacklog < 1_000_000_000L || consumer.assignment().isEmpty()) {
            return;
        }
        lastBacklog = time;
        long backlog = lanes.waiting();
        Map<TopicPartition, Long> ends = endOffsets;
        for (TopicPartition partition : consumer.assignment()) {
            backlog += Math.max(0, ends.getOrDefault(partition, 0L) - consumer.position(partition));
        }
        stats.backlog(backlog);
        topics.endOffsets(consumer.assignment()).thenAccept(latest -> endOffsets = latest);
    }

    /**
     * Delivers one movement: retried with exponential backoff and jitter while the failure is worth retrying
     * and attempts remain; while the circuit is open, it waits for the breaker to let a probe through (no
     * attempt spent, nothing dead-lettered: the customer is down, not refusing). Completes once the movement
     * was accepted or is in the dead-letter topic.
     */
    private Uni<Void> deliver(ConsumerRecord<String, byte[]> record) {
        CustomerNotification notification;
        try {
            notification = DispatchTopics.JSON.readValue(record.value(), CustomerNotification.class);
        } catch (IOException e) {
            CustomerNotification unreadable = new CustomerNotification("unreadable@" + record.offset(), record.key(),
                    customer.id(), null, null, null, null, null);
            return deadLetter(unreadable, "unreadable notification: " + e.getMessage(), 0, 0);
        }
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().deferred(() -> guard.get(() -> {
                    attempts.incrementAndGet();
                    return api.notify(notification.eventId(), customer.authorization().orElse(null), notification)
                            .onItem().transform(DeliveryFailure::delivered)
                            .onFailure().transform(DeliveryFailure::classify)
                            .onFailure().invoke(failure -> LOG.debugf("Customer %d, movement %s, attempt %d: %s",
                                    customer.id(), notification.eventId(), attempts.get(), failure.getMessage()));
                }, UNI_RESPONSE))
                // subscribed again, not nested: an outage of days adds nothing to the pipeline, nor to the stack
                .onFailure(CircuitBreakerOpenException.class).retry()
                        .withBackOff(customer.circuitDelay(), customer.circuitDelay()).withJitter(0).indefinitely()
                .onItem().invoke(response -> stats.delivered(
                        Math.max(0, System.currentTimeMillis() - notification.occurredAt().toEpochMilli()), attempts.get()))
                .replaceWithVoid()
                .onFailure(DeliveryFailure.class).recoverWithUni(failure -> {
                    DeliveryFailure delivery = (DeliveryFailure) failure;
                    String reason = (delivery instanceof DeliveryFailure.Permanent ? "refused: " : "gave up after retries: ")
                            + delivery.getMessage();
                    return deadLetter(notification, reason, attempts.get(), delivery.status());
                });
    }

    /** Dead-letters a movement; if even that fails, tries again shortly: the lane never skips a record. */
    private Uni<Void> deadLetter(CustomerNotification notification, String reason, int attempts, int status) {
        return topics.deadLetter(notification, reason, attempts, status)
                .invoke(() -> stats.deadLettered(Math.max(1, attempts)))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private void circuitChanged(CircuitBreakerState state) {
        stats.circuit(state);
        LOG.infof("Circuit of customer %d is %s", customer.id(), state);
    }
}

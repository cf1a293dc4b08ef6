package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.config.MonitorConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers one customer's movements from its own topic, with its own consumer group, thread, concurrency and
 * circuit breaker, so no other customer ever waits for it. Each partition is a lane worked one record at a
 * time (a package's movements share a key, hence a partition, hence arrive in commit order); up to
 * {@code concurrency} lanes are in flight. An offset is committed only once its record was delivered or
 * dead-lettered; a lane holding more than a few records pauses its partition, so a slow customer's backlog
 * waits in Kafka, not in memory.
 */
final class CustomerDispatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(CustomerDispatcher.class);
    private static final TypeLiteral<Uni<Response>> UNI_RESPONSE = new TypeLiteral<>() { };
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);

    private final MonitorConfig.Customer customer;
    private final CustomerApi api;
    private final DispatchTopics topics;
    private final DispatchStats stats;
    private final int bufferPerPartition;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Guard guard;
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, OffsetAndMetadata> completed = new HashMap<>();
    private volatile boolean running = true;
    private int inFlight;
    private long lastCommit;
    private long lastBacklog;

    private record Done(TopicPartition partition, long offset, Lane lane) {
    }

    private static final class Lane {
        final Queue<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();
        boolean busy;
        boolean paused;
    }

    CustomerDispatcher(MonitorConfig.Customer customer, CustomerApi api, DispatchTopics topics, DispatchStats stats,
                       int bufferPerPartition, String bootstrapServers) {
        this.customer = customer;
        this.api = api;
        this.topics = topics;
        this.stats = stats;
        this.bufferPerPartition = bufferPerPartition;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "monitor-dispatch-customer-" + customer.id(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
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
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commitNow();
                partitions.forEach(lanes::remove); // their in-flight records come again to the new owner
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        lanes.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new Lane())
                                .waiting.add(record);
                    }
                    finishDone();
                    startWork();
                    flowControl();
                    commit(false);
                    measureBacklog();
                } catch (WakeupException e) {
                    // a delivery finished (or stop() was called): the loop goes round at once
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

    private void startWork() {
        for (Map.Entry<TopicPartition, Lane> entry : lanes.entrySet()) {
            if (inFlight >= customer.concurrency()) {
                return;
            }
            Lane lane = entry.getValue();
            if (!lane.busy && !lane.waiting.isEmpty()) {
                lane.busy = true;
                inFlight++;
                ConsumerRecord<String, byte[]> record = lane.waiting.peek();
                stats.started(Math.max(0, System.currentTimeMillis() - record.timestamp()));
                deliver(record).subscribe().with(
                        ignored -> finished(entry.getKey(), record.offset(), lane),
                        failure -> LOG.errorf(failure, "Delivery of offset %d stopped unexpectedly", record.offset()));
            }
        }
    }

    private void finished(TopicPartition partition, long offset, Lane lane) {
        done.add(new Done(partition, offset, lane));
        consumer.wakeup();
    }

    private void finishDone() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            inFlight--;
            stats.finished();
            finished.lane().busy = false;
            finished.lane().waiting.poll();
            if (lanes.get(finished.partition()) == finished.lane()) {
                completed.put(finished.partition(), new OffsetAndMetadata(finished.offset() + 1));
            }
        }
    }

    /** Pauses partitions whose lane has enough waiting; resumes them once it has drained. */
    private void flowControl() {
        for (Map.Entry<TopicPartition, Lane> entry : lanes.entrySet()) {
            Lane lane = entry.getValue();
            if (!lane.paused && lane.waiting.size() >= bufferPerPartition) {
                consumer.pause(List.of(entry.getKey()));
                lane.paused = true;
            } else if (lane.paused && lane.waiting.size() <= bufferPerPartition / 4) {
                consumer.resume(List.of(entry.getKey()));
                lane.paused = false;
            }
        }
    }

    private void commit(boolean now) {
        long time = System.nanoTime();
        if (completed.isEmpty() || (!now && time - lastCommit < COMMIT_INTERVAL.toNanos())) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(completed);
        lastCommit = time;
        if (now) {
            consumer.commitSync(offsets); // a wake-up here leaves `completed` as it was, for the next try
            offsets.forEach(completed::remove);
        } else {
            completed.clear();
            consumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    LOG.warnf("Commit for customer %d failed (%s): those movements may be delivered again", customer.id(),
                            failure.getMessage());
                }
            });
        }
    }

    private void measureBacklog() {
        long time = System.nanoTime();
        if (time - lastBacklog < 1_000_000_000L || consumer.assignment().isEmpty()) {
            return;
        }
        lastBacklog = time;
        long backlog = 0;
        var ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(1));
        for (var entry : ends.entrySet()) {
            backlog += Math.max(0, entry.getValue() - consumer.position(entry.getKey()));
            Lane lane = lanes.get(entry.getKey());
            backlog += lane == null ? 0 : lane.waiting.size();
        }
        stats.backlog(backlog);
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
                            .onFailure().transform(DeliveryFailure::classify);
                }, UNI_RESPONSE))
                .onItem().invoke(response -> stats.delivered(
                        Math.max(0, System.currentTimeMillis() - notification.occurredAt().toEpochMilli()), attempts.get()))
                .replaceWithVoid()
                .onFailure(CircuitBreakerOpenException.class).recoverWithUni(open -> Uni.createFrom().voidItem()
                        .onItem().delayIt().by(customer.circuitDelay())
                        .chain(() -> deliver(record)))
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

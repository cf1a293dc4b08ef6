package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.dashboard.Movement;
import com.logistics.cdc.monitor.dashboard.MovementView;
import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.ChangeEventParser;
import com.logistics.cdc.monitor.event.MalformedChangeEvent;
import com.logistics.cdc.monitor.event.MovementRouter;
import com.logistics.cdc.monitor.metrics.StreamStats;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes the Debezium topic of package_status a poll at a time. A batch is acknowledged only once every
 * record in it was handled and every unreadable one is in the dead-letter topic, so the throttled commit
 * strategy (which commits only up to offsets acknowledged without a gap) never commits an offset ahead of its
 * event; one bad record never stops the stream.
 */
@ApplicationScoped
public class ChangeEventConsumer {

    private static final Logger LOG = Logger.getLogger(ChangeEventConsumer.class);

    private final ChangeEventParser parser;
    private final Deduplicator deduplicator;
    private final StreamStats stats;
    private final MovementView view;
    private final LagMonitor lag;
    private final DeadLetters deadLetters;
    private final MovementRouter router;
    private final ViewWarmUp warmUp;
    /** The previous batch, until Kafka has its writes and it is acknowledged. */
    private CompletionStage<Void> previousBatch = CompletableFuture.completedFuture(null);

    public ChangeEventConsumer(ChangeEventParser parser, Deduplicator deduplicator, StreamStats stats, MovementView view,
                               LagMonitor lag, DeadLetters deadLetters, MovementRouter router, ViewWarmUp warmUp) {
        this.parser = parser;
        this.deduplicator = deduplicator;
        this.stats = stats;
        this.view = view;
        this.lag = lag;
        this.deadLetters = deadLetters;
        this.router = router;
        this.warmUp = warmUp;
    }

    @Incoming("package-status")
    public CompletionStage<Void> consume(Message<List<byte[]>> batch) {
        CompletableFuture<Void> readBack = warmUp.done();
        if (readBack.isDone()) {
            return consumeNow(batch);
        }
        // The first batches after a start, while the view is read back: handled after it, on this same loop.
        Context context = Vertx.currentContext(); // none for an in-memory channel
        if (context == null) {
            return readBack.thenCompose(ignored -> consumeNow(batch));
        }
        return Future.fromCompletionStage(readBack, context)
                .compose(ignored -> Future.fromCompletionStage(consumeNow(batch)))
                .toCompletionStage();
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<Void> consumeNow(Message<List<byte[]>> batch) {
        List<Uni<Void>> writes = new ArrayList<>(); // dead letters and customers' queues: acked before the batch
        List<Decoded> decoded = new ArrayList<>();
        var kafka = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class);
        if (kafka.isPresent()) {
            ConsumerRecords<byte[], byte[]> records = ((IncomingKafkaRecordBatchMetadata<byte[], byte[]>) kafka.get()).getRecords();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                decode(record.topic(), record.partition(), record.offset(), record.key(), record.value(), decoded, writes);
            }
            handle(decoded, writes);
            for (var partition : records.partitions()) {
                var ofPartition = records.records(partition);
                lag.processed(partition.partition(), ofPartition.getFirst().offset(), ofPartition.getLast().offset());
            }
        } else {
            for (byte[] value : batch.getPayload()) { // no Kafka metadata: an in-memory channel
                decode(null, -1, -1, null, value, decoded, writes);
            }
            handle(decoded, writes);
        }
        // The writes are sent now, in order; the batch is acked (or nacked: the channel stops) once Kafka has them
        // all. Meanwhile the next poll is handled: waiting for one batch's acks before taking the next added that
        // wait to every movement arriving behind it. Two batches at most are unacknowledged at any time.
        CompletionStage<Void> handled = Uni.join().all(writes).andFailFast().replaceWithVoid()
                .onItemOrFailure().transformToUni((ignored, failure) ->
                        Uni.createFrom().completionStage(failure == null ? batch.ack() : batch.nack(failure)))
                .subscribeAsCompletionStage();
        CompletionStage<Void> before = previousBatch;
        previousBatch = handled;
        Context context = Vertx.currentContext(); // none for an in-memory channel
        return context == null ? before : before.thenCompose(ignored -> afterTheLoopsSockets(context));
    }

    /**
     * Completes once the event loop that runs the channel has looked at its sockets again. SmallRye hands over
     * the next poll as soon as this method's stage completes; completed at once, or by a task queued on the loop,
     * the next poll ran before the loop went back to its sockets, poll after poll, and while catching up an HTTP
     * request (the dashboard, a health check) that Vert.x had given to that loop waited seconds. A timer of 1 ms
     * is not due before the loop selects again: such requests now wait one poll at most.
     */
    private static CompletionStage<Void> afterTheLoopsSockets(Context context) {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        context.owner().setTimer(1, ignored -> turn.complete(null));
        return turn;
    }

    /** A change event of the batch and where it was read. */
    private record Decoded(ChangeEvent event, String topic, int partition, long offset, byte[] key, byte[] value) {
    }

    /** Parses one record; an unreadable one is dead-lettered, a tombstone only counted. */
    private void decode(String topic, int partition, long offset, byte[] key, byte[] value, List<Decoded> decoded,
                        List<Uni<Void>> writes) {
        if (value == null) {
            stats.tombstone(); // follows a delete; compaction needs it, we have nothing to show
            return;
        }
        try {
            decoded.add(new Decoded(parser.parse(key, value), topic, partition, offset, key, value));
        } catch (MalformedChangeEvent e) {
            stats.malformed();
            LOG.warnf("Dead-lettering the message at partition %d offset %d: %s", partition, offset, e.getMessage());
            writes.add(deadLetters.send(topic, partition, offset, key, value, e));
        }
    }

    /**
     * The batch's events past the duplicate window: shown, and each movement queued for its customer. The window
     * and the dashboard take the batch at once, one call and one lock each: the JIT compiles them on their own,
     * and when the window fills (a branch first taken after 100,000 events by default) it re-compiles the window
     * alone, not this loop with the decoding inlined.
     */
    private void handle(List<Decoded> decoded, List<Uni<Void>> writes) {
        List<String> eventIds = new ArrayList<>(decoded.size());
        for (Decoded d : decoded) {
            eventIds.add(d.event().eventId());
        }
        boolean[] firstTimes = deduplicator.firstTimes(eventIds);
        List<Movement> movements = new ArrayList<>(decoded.size());
        for (int i = 0; i < firstTimes.length; i++) {
            Decoded d = decoded.get(i);
            if (!firstTimes[i]) {
                stats.duplicate();
                continue;
            }
            ChangeEvent event = d.event();
            movements.add(Movement.of(event, System.currentTimeMillis(), d.partition(), d.offset()));
            if (router.enabled() && event.isMovement()) {
                int customer = event.current().customerId();
                writes.add(router.knows(customer)
                        ? router.route(event)
                        : deadLetters.send(d.topic(), d.partition(), d.offset(), d.key(), d.value(),
                                new MalformedChangeEvent("no customer " + customer + " is configured for dispatch")));
            }
        }
        movements.forEach(movement -> stats.seen(movement.op(), movement.status(), movement.latencyMs()));
        view.show(movements);
    }
}

package com.logistics.cdc.monitor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change stream's figures: events by operation and by status, re-sent, unreadable and expired ones,
 * tombstones, the lag and the commit-to-seen latency. Exported as Micrometer metrics, and read as plain numbers
 * by the dashboard and by scripts waiting for the monitor to catch up.
 */
@Singleton
public class StreamStats {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final Map<String, Counter> operationCounters = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final Counter duplicateCounter;
    private final Counter malformedCounter;
    private final Counter tombstoneCounter;
    private final Counter expiredCounter;
    private final Timer latency;

    public StreamStats(MeterRegistry registry) {
        this.registry = registry;
        this.duplicateCounter = Counter.builder("monitor.duplicates").description("Re-sent change events dropped").register(registry);
        this.malformedCounter = Counter.builder("monitor.parse.failures").description("Messages dead-lettered as unreadable").register(registry);
        this.tombstoneCounter = Counter.builder("monitor.tombstones").description("Tombstones after deletes").register(registry);
        this.expiredCounter = Counter.builder("monitor.expired")
                .description("Change events the topic's retention deleted before the monitor read them").register(registry);
        this.latency = Timer.builder("monitor.latency").description("Commit in PostgreSQL to seen by the monitor")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(1)).register(registry); // buckets, cheap per event
        Gauge.builder("monitor.lag", lag, AtomicLong::get)
                .description("Change events in the topic not yet read by the monitor's stream").register(registry);
    }

    /** A new change event: its Debezium operation, the status it carries (null for none), commit to seen. */
    public void seen(String op, String status, long latencyMs) {
        events.incrementAndGet();
        byOperation.computeIfAbsent(op, o -> new AtomicLong()).incrementAndGet();
        operationCounters.computeIfAbsent(op, o -> Counter.builder("monitor.events").tag("op", o)
                .description("Change events seen, by Debezium operation").register(registry)).increment();
        if (status != null) {
            byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
        latency.record(latencyMs, TimeUnit.MILLISECONDS);
    }

    public void duplicate() {
        duplicates.incrementAndGet();
        duplicateCounter.increment();
    }

    public void malformed() {
        malformed.incrementAndGet();
        malformedCounter.increment();
    }

    public void tombstone() {
        tombstones.incrementAndGet();
        tombstoneCounter.increment();
    }

    /** Change events deleted by the topic's retention before they were read: never seen, never dispatched. */
    public void expired(long count) {
        expired.addAndGet(count);
        expiredCounter.increment(count);
    }

    public void lag(long value) {
        lag.set(value);
    }

    /** How many messages were handled, by outcome: four numbers, cheap enough to poll while catching up. */
    public Counts counts() {
        return new Counts(events.get(), duplicates.get(), malformed.get(), tombstones.get());
    }

    public record Counts(long events, long duplicates, long malformed, long tombstones) {
    }

    /** Every figure at this instant, the maps sorted by key. */
    public Figures figures() {
        Map<String, Long> ops = new TreeMap<>();
        byOperation.forEach((op, count) -> ops.put(op, count.get()));
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.get()));
        return new Figures(events.get(), lag.get(), duplicates.get(), malformed.get(), tombstones.get(), expired.get(), ops,
                statuses);
    }

    public record Figures(long events, long lag, long duplicates, long malformed, long tombstones, long expired,
                          Map<String, Long> byOperation, Map<String, Long> byStatus) {
    }
}

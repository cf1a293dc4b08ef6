package com.logistics.cdc.monitor.dashboard;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.dispatch.DispatchStats;
import com.logistics.cdc.monitor.metrics.LatencySamples;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the monitor has seen, in bounded memory: counters, commit-to-seen latencies, the latest movements, each
 * recent package's history, and a live feed of movements. Also exported as Micrometer metrics.
 */
@Singleton
public class MovementLog {

    private final MonitorConfig config;
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
    private final Deque<Movement> latest = new ArrayDeque<>();
    private final Map<String, List<Movement>> histories;
    private final LatencySamples latencies;
    private long currentSecond;
    private long eventsThisSecond;
    private long eventsLastSecond;
    private final BroadcastProcessor<Movement> feed = BroadcastProcessor.create();
    private final Counter duplicateCounter;
    private final Counter malformedCounter;
    private final Counter tombstoneCounter;
    private final Counter expiredCounter;
    private final DistributionSummary latency;

    public MovementLog(MonitorConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.latencies = new LatencySamples(config.latencySamples());
        this.histories = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Movement>> eldest) {
                return size() > config.historyPackages();
            }
        };
        this.duplicateCounter = Counter.builder("monitor.duplicates").description("Re-sent change events dropped").register(registry);
        this.malformedCounter = Counter.builder("monitor.parse.failures").description("Messages dead-lettered as unreadable").register(registry);
        this.tombstoneCounter = Counter.builder("monitor.tombstones").description("Tombstones after deletes").register(registry);
        this.expiredCounter = Counter.builder("monitor.expired")
                .description("Change events the topic's retention deleted before the monitor read them").register(registry);
        this.latency = DistributionSummary.builder("monitor.latency").baseUnit("milliseconds")
                .description("Commit in PostgreSQL to seen by the monitor")
                .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(registry); // buckets, cheap per event
        registry.gauge("monitor.lag", lag);
    }

    /** New events, a poll at a time: counted, shown, and sent to the live feed. */
    public void record(List<Movement> movements) {
        for (Movement movement : movements) {
            count(movement.op(), movement.status());
            latency.record(movement.latencyMs());
        }
        synchronized (this) {
            for (Movement movement : movements) {
                latencies.add(movement.latencyMs());
                roll(movement.seenAtMs() / 1000);
                eventsThisSecond++;
                remember(movement);
            }
        }
        movements.forEach(feed::onNext);
    }

    /** An event read back at start-up: shown in the latest list and histories, not counted as new. */
    public synchronized void replay(Movement movement) {
        remember(movement);
    }

    /** Events per second is the count of the last whole second. */
    private void roll(long second) {
        if (second > currentSecond) {
            eventsLastSecond = second == currentSecond + 1 ? eventsThisSecond : 0;
            currentSecond = second;
            eventsThisSecond = 0;
        }
    }

    private void remember(Movement movement) {
        latest.addFirst(movement);
        while (latest.size() > config.latestMovements()) {
            latest.removeLast();
        }
        if (movement.trackingCode() != null) {
            List<Movement> history = histories.computeIfAbsent(movement.trackingCode(), code -> new ArrayList<>());
            history.add(movement);
            if (history.size() > config.historyPerPackage()) {
                history.removeFirst();
            }
        }
    }

    private void count(String op, String status) {
        events.incrementAndGet();
        byOperation.computeIfAbsent(op, o -> new AtomicLong()).incrementAndGet();
        operationCounters.computeIfAbsent(op, o -> Counter.builder("monitor.events").tag("op", o)
                .description("Change events seen, by Debezium operation").register(registry)).increment();
        if (status != null) {
            byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        }
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

    public Multi<Movement> feed() {
        return feed;
    }

    public synchronized List<Movement> history(String trackingCode) {
        List<Movement> history = histories.get(trackingCode);
        return history == null ? List.of() : List.copyOf(history);
    }

    /** How many messages were handled, by outcome: four numbers, cheap enough to poll while catching up. */
    public Counts counts() {
        return new Counts(events.get(), duplicates.get(), malformed.get(), tombstones.get());
    }

    public record Counts(long events, long duplicates, long malformed, long tombstones) {
    }

    /** Everything the dashboard shows, at this instant. */
    public Snapshot snapshot() {
        return snapshot(List.of());
    }

    public Snapshot snapshot(List<DispatchStats.Snapshot> customers) {
        long[] sample;
        double perSecond;
        List<Movement> latestNow;
        synchronized (this) { // copies only: the consumer takes this lock for every event
            sample = latencies.copy();
            roll(System.currentTimeMillis() / 1000);
            perSecond = eventsLastSecond;
            latestNow = List.copyOf(latest);
        }
        Arrays.sort(sample);
        Map<String, Long> ops = new TreeMap<>();
        byOperation.forEach((op, count) -> ops.put(op, count.get()));
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.get()));
        return new Snapshot(events.get(), perSecond, LatencySamples.percentile(sample, 50), LatencySamples.percentile(sample, 99),
                lag.get(), duplicates.get(), malformed.get(), tombstones.get(), expired.get(), ops, statuses, latestNow, customers);
    }

    public record Snapshot(long events, double eventsPerSecond, long latencyP50Ms, long latencyP99Ms, long lag,
                           long duplicates, long malformed, long tombstones, long expired, Map<String, Long> byOperation,
                           Map<String, Long> byStatus, List<Movement> latest, List<DispatchStats.Snapshot> customers) {
    }
}

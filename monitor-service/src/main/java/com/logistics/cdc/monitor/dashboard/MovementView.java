package com.logistics.cdc.monitor.dashboard;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.dispatch.DispatchStats;
import com.logistics.cdc.monitor.metrics.LatencySamples;
import com.logistics.cdc.monitor.metrics.StreamStats;
import com.logistics.cdc.monitor.source.ReplicationSlotWatch.ReplicationSlot;
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

/**
 * What the dashboard shows of the movements, in bounded memory: the latest ones, each recent package's history,
 * events per second, a sample of commit-to-seen latencies, and a live feed. The counts are {@link StreamStats}'.
 */
@Singleton
public class MovementView {

    private final MonitorConfig config;
    private final Deque<Movement> latest = new ArrayDeque<>();
    private final Map<String, List<Movement>> histories;
    private final LatencySamples latencies;
    private long currentSecond;
    private long eventsThisSecond;
    private long eventsLastSecond;
    private final BroadcastProcessor<Movement> feed = BroadcastProcessor.create();

    public MovementView(MonitorConfig config) {
        this.config = config;
        this.latencies = new LatencySamples(config.latencySamples());
        this.histories = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Movement>> eldest) {
                return size() > config.historyPackages();
            }
        };
    }

    /** New movements, a poll at a time: shown, and sent to the live feed. */
    public void show(List<Movement> movements) {
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

    public Multi<Movement> feed() {
        return feed;
    }

    public synchronized List<Movement> history(String trackingCode) {
        List<Movement> history = histories.get(trackingCode);
        return history == null ? List.of() : List.copyOf(history);
    }

    /** Everything the dashboard shows, at this instant. */
    public Snapshot snapshot(StreamStats.Figures figures, List<DispatchStats.Snapshot> customers,
                                          ReplicationSlot replicationSlot) {
        long[] sample;
        double perSecond;
        List<Movement> latestNow;
        synchronized (this) { // copies only: the consumer takes this lock for every poll
            sample = latencies.copy();
            roll(System.currentTimeMillis() / 1000);
            perSecond = eventsLastSecond;
            latestNow = List.copyOf(latest);
        }
        Arrays.sort(sample);
        return new Snapshot(figures.events(), perSecond, LatencySamples.percentile(sample, 50),
                LatencySamples.percentile(sample, 99), figures.lag(), figures.duplicates(), figures.malformed(),
                figures.tombstones(), figures.expired(), figures.byOperation(), figures.byStatus(), latestNow, customers,
                replicationSlot);
    }

    public record Snapshot(long events, double eventsPerSecond, long latencyP50Ms, long latencyP99Ms, long lag,
                           long duplicates, long malformed, long tombstones, long expired, Map<String, Long> byOperation,
                           Map<String, Long> byStatus, List<Movement> latest, List<DispatchStats.Snapshot> customers,
                           ReplicationSlot replicationSlot) {
    }
}

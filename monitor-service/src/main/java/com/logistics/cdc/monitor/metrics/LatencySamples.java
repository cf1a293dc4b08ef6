package com.logistics.cdc.monitor.metrics;

import java.util.Arrays;

/**
 * The last {@code size} latencies, in a ring, for a panel's p50 and p99. Not thread-safe: its owner records and
 * copies under its own lock, and sorts the copy outside it.
 */
public final class LatencySamples {

    private final long[] ring;
    /** Every latency ever recorded; a long, so the ring's index never wraps negative. */
    private long recorded;

    public LatencySamples(int size) {
        this.ring = new long[size];
    }

    public void add(long latencyMs) {
        ring[(int) (recorded++ % ring.length)] = latencyMs;
    }

    /** What the ring holds, in no order. */
    public long[] copy() {
        return Arrays.copyOf(ring, (int) Math.min(recorded, ring.length));
    }

    /** The {@code p}th percentile (nearest rank) of a sorted sample; 0 for none. */
    public static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}

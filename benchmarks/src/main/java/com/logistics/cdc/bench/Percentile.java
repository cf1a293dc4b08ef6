package com.logistics.cdc.bench;

/** Nearest-rank percentiles, the one definition every benchmark reports. */
final class Percentile {

    private Percentile() {
    }

    /** The {@code p}-th percentile of {@code sorted} (ascending, not empty): the smallest sample with p% at or below it. */
    static long of(long[] sorted, int p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}

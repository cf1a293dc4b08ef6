package com.logistics.cdc.producer.service;

/** What one generating request wrote, and how fast. */
public record WriteResult(String kind, int requested, int written, long millis, double rowsPerSecond) {

    public static WriteResult of(String kind, int requested, int written, long nanos) {
        double seconds = Math.max(nanos, 1) / 1e9;
        return new WriteResult(kind, requested, written, nanos / 1_000_000, Math.round(written / seconds * 10) / 10.0);
    }
}

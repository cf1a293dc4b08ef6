package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.config.MonitorConfig;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Remembers the last N event ids: an event seen again within that window is a re-send. */
@Singleton
public class Deduplicator {

    private final Map<String, Boolean> seen;

    public Deduplicator(MonitorConfig config) {
        int window = config.dedupeWindow();
        this.seen = new LinkedHashMap<>((int) (window / 0.75f) + 1, 0.75f) { // sized once: no rehash while filling
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > window;
            }
        };
    }

    /** True the first time an id is offered within the window. */
    public synchronized boolean firstTime(String eventId) {
        return seen.putIfAbsent(eventId, Boolean.TRUE) == null;
    }

    /** {@link #firstTime} for each id of a batch, in order, under one lock. */
    public synchronized boolean[] firstTimes(List<String> eventIds) {
        boolean[] first = new boolean[eventIds.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = firstTime(eventIds.get(i));
        }
        return first;
    }
}

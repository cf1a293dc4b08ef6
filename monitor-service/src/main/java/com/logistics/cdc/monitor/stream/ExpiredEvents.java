package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.metrics.StreamStats;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Change events the topic's retention deleted before the monitor read them: not shown, their movements not
 * dispatched. Said loudly (an error with the offsets) and counted ({@code monitor_expired_total}), never skipped
 * silently as auto.offset.reset would.
 */
final class ExpiredEvents {

    private static final Logger LOG = Logger.getLogger(ExpiredEvents.class);

    private ExpiredEvents() {
    }

    /** Offsets {@code from} (included) to {@code to} (excluded) of {@code partition}. */
    static void report(StreamStats stats, TopicPartition partition, long from, long to) {
        stats.expired(to - from);
        LOG.errorf("%d change events of %s (offsets %d to %d) were deleted by the topic's retention before the monitor"
                + " read them: they are not shown and their movements were not dispatched", to - from, partition, from, to - 1);
    }
}

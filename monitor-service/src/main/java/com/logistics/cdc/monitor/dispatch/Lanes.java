package com.logistics.cdc.monitor.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * One customer's movements between the poll and the commit, with no Kafka and no HTTP in it: the dispatcher's
 * bookkeeping as a unit of its own.
 * <ul>
 * <li><b>Lanes.</b> Each package is a lane worked one movement at a time, in offset order (a package's movements
 * share a key, hence a partition, hence arrive in commit order). {@link #next()} hands out the head of a lane that
 * has nothing in flight, in the order lanes became free, while fewer than {@code concurrency} are in flight.</li>
 * <li><b>Commits.</b> A partition's safe offset is its first movement not yet delivered or dead-lettered (or, all
 * done, the one after the last): a movement is never committed before every earlier one on its partition was
 * finished, so a crash delivers again, never skips.</li>
 * <li><b>Flow control.</b> A partition holding {@code bufferPerPartition} uncommitted movements is to be paused,
 * and resumed once it is down to a quarter of that, so a slow customer's backlog waits in Kafka, not in memory.</li>
 * <li><b>Revocation.</b> A revoked partition is forgotten: its unfinished movements come again to its new owner,
 * and one of them finishing here later changes nothing but the count in flight.</li>
 * <li><b>Retention gaps.</b> When consuming goes on past movements the topic deleted, the first offset Kafka still
 * has is committed once everything before the gap is finished, so a restart does not count the gap again.</li>
 * </ul>
 * Not thread-safe: the dispatcher's poll thread alone calls it.
 *
 * @param <P> a partition's id
 * @param <M> a movement as polled
 */
final class Lanes<P, M> {

    private final int concurrency;
    private final int bufferPerPartition;
    private final Map<P, Partition> partitions = new HashMap<>();
    /** Heads of lanes with nothing in flight, in the order they became free. */
    private final Queue<Entry<P, M>> ready = new ArrayDeque<>();
    /** Per partition, the offset safe to commit that is not committed yet. */
    private final Map<P, Long> committable = new HashMap<>();
    private int inFlight;

    /** A movement from its poll until it is delivered or dead-lettered. */
    static final class Entry<P, M> {
        private final P partition;
        private final long offset;
        private final String key;
        private final M movement;
        private final Object owner;
        private boolean started;
        private boolean finished;

        private Entry(P partition, long offset, String key, M movement, Object owner) {
            this.partition = partition;
            this.offset = offset;
            this.key = key;
            this.movement = movement;
            this.owner = owner;
        }

        P partition() {
            return partition;
        }

        long offset() {
            return offset;
        }

        M movement() {
            return movement;
        }

        @Override
        public String toString() {
            return partition + "@" + offset + "[" + key + "]";
        }
    }

    /** What {@link #flowControl()} found: partitions to pause and partitions to resume. */
    record Flow<P>(List<P> pause, List<P> resume) {
        boolean isEmpty() {
            return pause.isEmpty() && resume.isEmpty();
        }
    }

    private final class Partition {
        final P id;
        /** In offset order, from the first movement not finished: the commit point is its head. */
        final Queue<Entry<P, M>> uncommitted = new ArrayDeque<>();
        /** Per package, its movements in offset order; the head is in flight or ready. */
        final Map<String, Queue<Entry<P, M>>> lanes = new HashMap<>();
        boolean paused;
        /** Where consuming went on after a retention gap: committed once everything before it is finished. */
        long resumedAt = -1;

        Partition(P id) {
            this.id = id;
        }
    }

    Lanes(int concurrency, int bufferPerPartition) {
        if (concurrency < 1 || bufferPerPartition < 1) {
            throw new IllegalArgumentException("concurrency and buffer must be at least 1: " + concurrency + ", "
                    + bufferPerPartition);
        }
        this.concurrency = concurrency;
        this.bufferPerPartition = bufferPerPartition;
    }

    /** Takes a polled movement; offsets of a partition come in increasing order. */
    void accept(P partition, long offset, String key, M movement) {
        Partition owner = partitions.computeIfAbsent(partition, Partition::new);
        Entry<P, M> entry = new Entry<>(partition, offset, key, movement, owner);
        owner.uncommitted.add(entry);
        Queue<Entry<P, M>> lane = owner.lanes.computeIfAbsent(key, any -> new ArrayDeque<>());
        lane.add(entry);
        if (lane.size() == 1) {
            ready.add(entry);
        }
    }

    /** The next movement to send, now counted in flight; {@code null} when none is free or all slots are taken. */
    Entry<P, M> next() {
        if (inFlight >= concurrency || ready.isEmpty()) {
            return null;
        }
        Entry<P, M> entry = ready.poll();
        entry.started = true;
        inFlight++;
        return entry;
    }

    /** A movement was delivered or dead-lettered: its lane's next is free, and its partition's commit point may move. */
    void done(Entry<P, M> entry) {
        if (!entry.started || entry.finished) {
            throw new IllegalStateException(entry + (entry.finished ? " is done already" : " was never started"));
        }
        inFlight--;
        entry.finished = true;
        Partition partition = partitions.get(entry.partition);
        if (partition != entry.owner) {
            return; // revoked meanwhile: its new owner delivers it again
        }
        Queue<Entry<P, M>> lane = partition.lanes.get(entry.key);
        lane.poll();
        if (lane.isEmpty()) {
            partition.lanes.remove(entry.key);
        } else {
            ready.add(lane.peek());
        }
        long last = -1;
        Entry<P, M> head = partition.uncommitted.peek();
        while (head != null && head.finished) {
            last = partition.uncommitted.poll().offset;
            head = partition.uncommitted.peek();
        }
        if (last >= 0) { // the next to read: the first not done (past any gap before it), or past the last and any gap
            committable.put(partition.id, head != null ? head.offset : Math.max(last + 1, partition.resumedAt));
        }
    }

    /**
     * Consuming of a partition goes on at {@code first}, the first offset Kafka still has, after movements that
     * retention deleted: committed as soon as nothing before the gap is left.
     */
    void resumedAfterGap(P partition, long first) {
        Partition owner = partitions.get(partition);
        if (owner == null || owner.uncommitted.isEmpty()) {
            committable.put(partition, first);
        } else {
            owner.resumedAt = first;
        }
    }

    /** Forgets a partition this consumer no longer owns, with its movements not yet sent and its commit point. */
    void revoke(P partition) {
        Partition owner = partitions.remove(partition);
        if (owner != null) {
            ready.removeIf(entry -> entry.owner == owner);
        }
        committable.remove(partition);
    }

    /** Partitions to pause (full) and to resume (drained), each reported once, when its state changes. */
    Flow<P> flowControl() {
        List<P> pause = new ArrayList<>();
        List<P> resume = new ArrayList<>();
        for (Partition partition : partitions.values()) {
            int held = partition.uncommitted.size();
            if (!partition.paused && held >= bufferPerPartition) {
                partition.paused = true;
                pause.add(partition.id);
            } else if (partition.paused && held <= bufferPerPartition / 4) {
                partition.paused = false;
                resume.add(partition.id);
            }
        }
        return new Flow<>(pause, resume);
    }

    /** The offsets safe to commit that were not yet committed: the next offset to read, per partition. */
    Map<P, Long> committable() {
        return Map.copyOf(committable);
    }

    /** These offsets were committed: they are no longer {@linkplain #committable() committable}, unless moved since. */
    void committed(Map<P, Long> offsets) {
        offsets.forEach((partition, offset) -> committable.remove(partition, offset));
    }

    /** Movements polled and not yet sent: waiting for a slot or for their package's earlier movements. */
    long waiting() {
        return partitions.values().stream().flatMap(partition -> partition.uncommitted.stream())
                .filter(entry -> !entry.started).count();
    }

    int inFlight() {
        return inFlight;
    }

    @Override
    public String toString() {
        return "Lanes[inFlight=" + inFlight + ", ready=" + ready.size() + ", partitions=" + partitions.keySet() + "]";
    }
}

package com.logistics.cdc.monitor.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher's bookkeeping alone: examples of each rule, then random runs checked against a simple model. */
class LanesTest {

    private final Lanes<Integer, String> lanes = new Lanes<>(2, 8);

    @Test
    void aPackagesMovementsGoOutOneAtATimeInOffsetOrder() {
        lanes.accept(0, 0, "JT1", "a");
        lanes.accept(0, 1, "JT1", "b");
        lanes.accept(0, 2, "JT1", "c");

        var first = lanes.next();
        assertThat(first.movement()).isEqualTo("a");
        assertThat(lanes.next()).as("the package's next waits for the first").isNull();
        lanes.done(first);
        var second = lanes.next();
        assertThat(second.movement()).isEqualTo("b");
        lanes.done(second);
        assertThat(lanes.next().movement()).isEqualTo("c");
    }

    @Test
    void otherPackagesGoOutBesideItUpToTheConcurrency() {
        lanes.accept(0, 0, "JT1", "a");
        lanes.accept(0, 1, "JT1", "b");
        lanes.accept(0, 2, "JT2", "c");
        lanes.accept(1, 0, "JT3", "d");

        assertThat(lanes.next().movement()).isEqualTo("a");
        assertThat(lanes.next().movement()).as("JT2 does not wait for JT1").isEqualTo("c");
        assertThat(lanes.next()).as("both slots are taken").isNull();
        assertThat(lanes.inFlight()).isEqualTo(2);
        assertThat(lanes.waiting()).isEqualTo(2);
    }

    @Test
    void aPartitionIsCommittedUpToItsFirstMovementNotDone() {
        lanes.accept(0, 10, "JT1", "a");
        lanes.accept(0, 11, "JT2", "b");
        var a = lanes.next();
        var b = lanes.next();

        lanes.done(b);
        assertThat(lanes.committable()).as("offset 10 is still in flight").isEmpty();
        lanes.done(a);
        assertThat(lanes.committable()).containsExactly(Map.entry(0, 12L));

        lanes.committed(Map.of(0, 12L));
        assertThat(lanes.committable()).isEmpty();
    }

    @Test
    void anOffsetThatMovedWhileItsCommitWasUnderWayStaysCommittable() {
        lanes.accept(0, 0, "JT1", "a");
        lanes.accept(0, 1, "JT2", "b");
        var a = lanes.next();
        var b = lanes.next();
        lanes.done(a);
        Map<Integer, Long> sent = lanes.committable();
        lanes.done(b);
        lanes.committed(sent);
        assertThat(lanes.committable()).containsExactly(Map.entry(0, 2L));
    }

    @Test
    void aFullPartitionIsPausedOnceAndResumedWhenItHasDrained() {
        for (int offset = 0; offset < 8; offset++) {
            lanes.accept(0, offset, "JT" + offset, "m" + offset);
        }
        assertThat(lanes.flowControl().pause()).containsExactly(0);
        assertThat(lanes.flowControl().isEmpty()).as("reported once").isTrue();

        for (int delivered = 1; delivered <= 5; delivered++) {
            lanes.done(lanes.next());
            assertThat(lanes.flowControl().resume()).as("%d of 8 held", 8 - delivered).isEmpty();
        }
        lanes.done(lanes.next());
        assertThat(lanes.flowControl().resume()).as("2 of 8 held: a quarter").containsExactly(0);
    }

    @Test
    void aRevokedPartitionIsForgottenAndItsMovementFinishingLaterChangesNothing() {
        lanes.accept(0, 0, "JT1", "a");
        lanes.accept(0, 1, "JT1", "b");
        lanes.accept(0, 2, "JT2", "c");
        lanes.accept(1, 0, "JT3", "d");
        var a = lanes.next();
        var c = lanes.next();
        lanes.done(c);

        lanes.revoke(0);
        assertThat(lanes.next().movement()).as("partition 0's ready movements are gone").isEqualTo("d");
        lanes.done(a);
        assertThat(lanes.next()).as("b belongs to the new owner").isNull();
        assertThat(lanes.committable()).doesNotContainKey(0);
        assertThat(lanes.inFlight()).isEqualTo(1);
    }

    @Test
    void aRetentionGapIsCommittedOnceEverythingBeforeItIsDone() {
        lanes.resumedAfterGap(1, 40);
        assertThat(lanes.committable()).as("nothing before it: at once").containsExactly(Map.entry(1, 40L));

        lanes.accept(0, 5, "JT1", "a");
        var a = lanes.next();
        lanes.resumedAfterGap(0, 30);
        assertThat(lanes.committable()).doesNotContainKey(0);
        lanes.done(a);
        assertThat(lanes.committable()).containsEntry(0, 30L);
    }

    @Test
    void aMovementIsDoneOnceAndOnlyAfterItWasHandedOut() {
        lanes.accept(0, 0, "JT1", "a");
        lanes.accept(0, 1, "JT1", "b");
        var a = lanes.next();
        lanes.done(a);
        assertThatThrownBy(() -> lanes.done(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("done already");
        assertThatThrownBy(() -> new Lanes<Integer, String>(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random polls, sends, completions (in any order), commits, revocations (with and without a commit first, the
     * partition then read again from its committed offset, as its next owner would) and retention gaps, each step
     * checked against a model that knows every record: a package's movements go out in offset order, one at a time;
     * never more than the concurrency in flight; nothing is held back while a slot and a free package exist; the
     * commit point is always the first record not done; pauses and resumes follow the buffer; at the end every
     * record is done and committed.
     */
    @Test
    void randomRunsAgreeWithTheModel() {
        for (long seed = 0; seed < 400; seed++) {
            try {
                new Model(new Random(seed)).run(400);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Model {
        private static final int PARTITIONS = 3;
        private final Random random;
        private final int concurrency;
        private final int buffer;
        private final Lanes<Integer, String> lanes;
        /** Per partition, the records read since its last assignment, in offset order. */
        private final Map<Integer, List<Rec>> records = new HashMap<>();
        private final Map<Integer, Long> position = new HashMap<>();
        private final Map<Integer, Long> committed = new HashMap<>();
        private final Map<Integer, Long> gap = new HashMap<>();
        private final Map<Integer, Boolean> paused = new HashMap<>();
        private final List<Lanes.Entry<Integer, String>> inFlight = new ArrayList<>();

        private int assignment;
        /** The last steps, for the message of a failure. */
        private final java.util.ArrayDeque<String> trace = new java.util.ArrayDeque<>();

        private static final class Rec {
            final long offset;
            final String key;
            /** Which assignment of its partition read it: a record read again after a revocation is another one. */
            final String movement;
            boolean started;
            boolean done;

            Rec(long offset, String key, String movement) {
                this.offset = offset;
                this.key = key;
                this.movement = movement;
            }
        }

        Model(Random random) {
            this.random = random;
            this.concurrency = 1 + random.nextInt(4);
            this.buffer = 1 + random.nextInt(8);
            this.lanes = new Lanes<>(concurrency, buffer);
            for (int p = 0; p < PARTITIONS; p++) {
                records.put(p, new ArrayList<>());
                position.put(p, 0L);
                committed.put(p, 0L);
                paused.put(p, false);
            }
        }

        void run(int steps) {
            try {
                steps(steps);
            } catch (AssertionError | RuntimeException e) {
                StringBuilder state = new StringBuilder();
                records.forEach((p, recs) -> state.append("\npartition ").append(p).append(" committed ").append(committed.get(p))
                        .append(" gap ").append(gap.get(p)).append(": ").append(recs.stream()
                                .map(rec -> rec.offset + rec.key + (rec.done ? "d" : rec.started ? "s" : "")).toList()));
                throw new AssertionError(e.getMessage() + state + "\nlast steps:\n" + String.join("\n", trace), e);
            }
        }

        private void log(String step) {
            trace.addLast(step);
            if (trace.size() > 25) {
                trace.removeFirst();
            }
        }

        private void steps(int steps) {
            for (int step = 0; step < steps; step++) {
                int choice = random.nextInt(100);
                if (choice < 35) {
                    poll();
                } else if (choice < 60) {
                    send();
                } else if (choice < 85) {
                    finishOne();
                } else if (choice < 95) {
                    commit();
                } else if (choice < 98) {
                    revoke(random.nextInt(PARTITIONS), random.nextBoolean());
                } else {
                    retentionGap(random.nextInt(PARTITIONS));
                }
                checkCommitPoints();
                checkFlow();
            }
            drain();
        }

        private void poll() {
            int p = random.nextInt(PARTITIONS);
            for (int n = random.nextInt(4); n > 0; n--) {
                long offset = position.merge(p, 1L, Long::sum) - 1;
                String key = "JT" + random.nextInt(5);
                Rec rec = new Rec(offset, key, p + ":" + offset + "#" + assignment);
                records.get(p).add(rec);
                lanes.accept(p, offset, key, rec.movement);
                log("accept " + rec.movement + " " + key);
            }
        }

        private void send() {
            var entry = lanes.next();
            if (entry == null) {
                assertThat(inFlight.size() >= concurrency || !anyFree())
                        .as("nothing handed out though a slot and a free package exist").isTrue();
                return;
            }
            assertThat(inFlight).as("in flight").hasSizeLessThan(concurrency);
            Rec rec = find(entry);
            assertThat(rec.started).as("%s handed out twice", entry).isFalse();
            for (Rec earlier : records.get(entry.partition())) {
                if (earlier.offset < rec.offset && earlier.key.equals(rec.key)) {
                    assertThat(earlier.done).as("%s sent before %d of its package was done", entry, earlier.offset).isTrue();
                }
            }
            rec.started = true;
            inFlight.add(entry);
            log("send " + entry.movement());
        }

        private void finishOne() {
            if (inFlight.isEmpty()) {
                return;
            }
            var entry = inFlight.remove(random.nextInt(inFlight.size()));
            lanes.done(entry);
            log("done " + entry.movement());
            Rec rec = findOrNull(entry);
            if (rec != null) {
                rec.done = true;
            }
            assertThat(lanes.inFlight()).isEqualTo(inFlight.size());
        }

        private void commit() {
            Map<Integer, Long> offsets = lanes.committable();
            offsets.forEach((p, offset) -> {
                assertThat(offset).as("partition %d's commit goes back", p).isGreaterThanOrEqualTo(committed.get(p));
                committed.put(p, offset);
            });
            lanes.committed(offsets);
            log("commit " + offsets);
            assertThat(lanes.committable()).isEmpty();
        }

        /** The partition goes and comes back, read again from its committed offset (as a new owner would). */
        private void revoke(int p, boolean commitFirst) {
            if (commitFirst) {
                commit();
            }
            lanes.revoke(p);
            log("revoke " + p + (commitFirst ? " after a commit" : " without a commit"));
            assignment++;
            records.get(p).clear();
            position.put(p, committed.get(p));
            gap.remove(p);
            paused.put(p, false);
        }

        private void retentionGap(int p) {
            long first = position.get(p) + 1 + random.nextInt(5);
            position.put(p, first);
            gap.put(p, first);
            lanes.resumedAfterGap(p, first);
            log("gap " + p + " to " + first);
        }

        private void drain() {
            for (int round = 0; round < 100_000 && (!inFlight.isEmpty() || anyFree()); round++) {
                if (inFlight.size() < concurrency && random.nextBoolean()) {
                    send();
                } else {
                    finishOne();
                }
                checkCommitPoints();
            }
            commit();
            assertThat(inFlight).isEmpty();
            assertThat(lanes.waiting()).isZero();
            records.forEach((p, recs) -> {
                assertThat(recs).allMatch(rec -> rec.done, "every record done");
                assertThat(committed.get(p)).as("partition %d committed to its end", p).isEqualTo(expectedCommit(p));
            });
        }

        /** The commit point is the first record not done; with all done, the end (or the gap, if later). */
        private long expectedCommit(int p) {
            List<Rec> recs = records.get(p);
            for (Rec rec : recs) {
                if (!rec.done) {
                    return rec.offset;
                }
            }
            long end = recs.isEmpty() ? committed.get(p) : recs.get(recs.size() - 1).offset + 1;
            return Math.max(end, gap.getOrDefault(p, -1L));
        }

        private void checkCommitPoints() {
            Map<Integer, Long> pending = lanes.committable();
            for (int p = 0; p < PARTITIONS; p++) {
                long effective = pending.getOrDefault(p, committed.get(p));
                assertThat(effective).as("commit point of partition %d", p).isEqualTo(expectedCommit(p));
            }
        }

        private void checkFlow() {
            Lanes.Flow<Integer> flow = lanes.flowControl();
            for (int p = 0; p < PARTITIONS; p++) {
                long first = records.get(p).stream().filter(rec -> !rec.done).mapToLong(rec -> rec.offset).min().orElse(Long.MAX_VALUE);
                long held = records.get(p).stream().filter(rec -> rec.offset >= first).count();
                boolean wasPaused = paused.get(p);
                boolean pause = !wasPaused && held >= buffer;
                boolean resume = wasPaused && held <= buffer / 4;
                assertThat(flow.pause().contains(p)).as("pause partition %d holding %d", p, held).isEqualTo(pause);
                assertThat(flow.resume().contains(p)).as("resume partition %d holding %d", p, held).isEqualTo(resume);
                paused.put(p, pause || (wasPaused && !resume));
            }
        }

        private boolean anyFree() {
            for (List<Rec> recs : records.values()) {
                Map<String, Rec> firstNotDone = new HashMap<>();
                for (Rec rec : recs) {
                    if (!rec.done) {
                        firstNotDone.putIfAbsent(rec.key, rec);
                    }
                }
                if (firstNotDone.values().stream().anyMatch(rec -> !rec.started)) {
                    return true;
                }
            }
            return false;
        }

        private Rec find(Lanes.Entry<Integer, String> entry) {
            Rec rec = findOrNull(entry);
            assertThat(rec).as("%s is not a record of the partition's current assignment", entry).isNotNull();
            return rec;
        }

        /** Null for a record of an earlier assignment of its partition (it was revoked while in flight). */
        private Rec findOrNull(Lanes.Entry<Integer, String> entry) {
            return records.get(entry.partition()).stream().filter(rec -> rec.movement.equals(entry.movement()))
                    .findFirst().orElse(null);
        }
    }
}

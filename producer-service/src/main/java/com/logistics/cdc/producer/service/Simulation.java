package com.logistics.cdc.producer.service;

import com.logistics.cdc.producer.config.ProducerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A continuous mix of new packages and movements at a target rate, one at a time. It runs on a Vert.x timer,
 * so every write starts on the event loop where the reactive client expects it; at most {@code concurrency}
 * batches are in flight, and a database that cannot keep up lowers the achieved rate instead of queueing.
 */
@ApplicationScoped
public class Simulation {

    private static final long TICK_MILLIS = 100;

    public record Settings(int ratePerSecond, int concurrency, int durationSeconds) {
    }

    public record State(boolean running, Settings settings, Instant startedAt, Instant endsAt, Instant stoppedAt,
                        long posted, long moved, long failedBatches, int batchesInFlight, double achievedRatePerSecond,
                        String lastError) {
    }

    /** Only one simulation runs at a time. */
    public static class AlreadyRunning extends RuntimeException {
        public AlreadyRunning() {
            super("A simulation is already running; stop it with DELETE /simulation first");
        }
    }

    private final Vertx vertx;
    private final PackageWriter writer;
    private final double postShare;
    private Run current;

    public Simulation(Vertx vertx, PackageWriter writer, ProducerConfig config) {
        this.vertx = vertx;
        this.writer = writer;
        this.postShare = config.simulation().postShare();
    }

    public synchronized State start(Settings settings) {
        if (current != null && current.running) {
            throw new AlreadyRunning();
        }
        current = new Run(settings);
        current.timer = vertx.setPeriodic(TICK_MILLIS, id -> current.tick());
        return current.state();
    }

    public synchronized State stop() {
        if (current == null) {
            return idle();
        }
        current.finish();
        return current.state();
    }

    public synchronized State state() {
        return current == null ? idle() : current.state();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    private static State idle() {
        return new State(false, null, null, null, null, 0, 0, 0, 0, 0, null);
    }

    private final class Run {
        final Settings settings;
        final Instant startedAt = Instant.now();
        final Instant endsAt;
        final AtomicLong posted = new AtomicLong();
        final AtomicLong moved = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean running = true;
        volatile Instant stoppedAt;
        volatile String lastError;
        long timer;
        long issued;
        long postsIssued;

        Run(Settings settings) {
            this.settings = settings;
            this.endsAt = startedAt.plusSeconds(settings.durationSeconds());
        }

        /** Issues what is due by now, in at most {@code concurrency} batches; what cannot start waits a tick. */
        void tick() {
            Instant now = Instant.now();
            if (!running) {
                return;
            }
            if (!now.isBefore(endsAt)) {
                synchronized (Simulation.this) {
                    finish();
                }
                return;
            }
            long due = (long) (Duration.between(startedAt, now).toMillis() / 1000.0 * settings.ratePerSecond()) - issued;
            int slots = settings.concurrency() - inFlight.get();
            if (due <= 0 || slots <= 0) {
                return;
            }
            int perBatch = (int) Math.max(1, (due + slots - 1) / slots);
            for (int i = 0; i < slots && due > 0; i++) {
                int size = (int) Math.min(perBatch, due);
                due -= size;
                issued += size;
                // the share over everything issued so far: rounded per batch, batches of one (a low rate) never posted
                int posts = (int) Math.min(size, Math.round(issued * postShare) - postsIssued);
                postsIssued += posts;
                launch(posts, size - posts);
            }
        }

        private void launch(int posts, int moves) {
            inFlight.incrementAndGet();
            Uni<Void> newPackages = posts == 0 ? Uni.createFrom().voidItem() : counted(writer.post(posts), posted);
            newPackages
                    .chain(() -> moves == 0 ? Uni.createFrom().voidItem() : counted(writer.move(moves), moved))
                    .eventually(inFlight::decrementAndGet)
                    .subscribe().with(ok -> { }, failure -> {
                        failed.incrementAndGet();
                        lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                    });
        }

        /** Adds the rows written to {@code counter}, also those a write that failed part way had committed. */
        private static Uni<Void> counted(Uni<WriteResult> write, AtomicLong counter) {
            return write.invoke(result -> counter.addAndGet(result.written()))
                    .onFailure(PartlyWritten.class).invoke(failure -> counter.addAndGet(((PartlyWritten) failure).result().written()))
                    .replaceWithVoid();
        }

        void finish() {
            if (running) {
                running = false;
                stoppedAt = Instant.now();
                vertx.cancelTimer(timer);
            }
        }

        State state() {
            Instant end = stoppedAt != null ? stoppedAt : Instant.now();
            double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
            return new State(running, settings, startedAt, endsAt, stoppedAt, posted.get(), moved.get(), failed.get(),
                    inFlight.get(), Math.round((posted.get() + moved.get()) / seconds * 10) / 10.0, lastError);
        }
    }
}

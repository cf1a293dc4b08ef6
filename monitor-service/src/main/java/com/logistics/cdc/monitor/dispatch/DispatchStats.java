package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.metrics.LatencySamples;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One customer's delivery figures, for the dashboard panel and as Micrometer metrics tagged by customer. */
public final class DispatchStats {

    /** The figures at one instant. */
    public record Snapshot(int customerId, long delivered, long inFlight, long backlog, long retries, long deadLettered,
                           long expired, long latencyP50Ms, long latencyP99Ms, String circuit) {
    }

    private final int customerId;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private volatile CircuitBreakerState circuit = CircuitBreakerState.CLOSED;
    private final LatencySamples latencies = new LatencySamples(5_000);
    private final Counter deliveredCounter;
    private final Counter retryCounter;
    private final Counter deadLetterCounter;
    private final Counter expiredCounter;
    private final Timer latency;
    private final Timer queueWait;

    DispatchStats(int customerId, MeterRegistry registry) {
        this.customerId = customerId;
        Tags tags = Tags.of("customer", Integer.toString(customerId));
        deliveredCounter = Counter.builder("dispatch.delivered").tags(tags).description("Movements a customer accepted (2xx)").register(registry);
        retryCounter = Counter.builder("dispatch.retries").tags(tags).description("Calls tried again").register(registry);
        deadLetterCounter = Counter.builder("dispatch.dead.lettered").tags(tags).description("Movements sent to the dead-letter topic").register(registry);
        expiredCounter = Counter.builder("dispatch.expired").tags(tags)
                .description("Movements the customer's topic deleted (retention) before they were delivered").register(registry);
        latency = Timer.builder("dispatch.latency").tags(tags)
                .description("Commit in PostgreSQL to accepted by the customer").publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        queueWait = Timer.builder("dispatch.queue.wait").tags(tags)
                .description("From the movement entering the customer's topic to its first call").publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("dispatch.in.flight", inFlight, AtomicLong::get).tags(tags)
                .description("Calls to the customer under way (retries included)").register(registry);
        Gauge.builder("dispatch.backlog", backlog, AtomicLong::get).tags(tags)
                .description("Movements not yet sent to the customer: in its topic, or polled and waiting").register(registry);
        Gauge.builder("dispatch.circuit.open", this, stats -> stats.circuit == CircuitBreakerState.CLOSED ? 0 : 1).tags(tags)
                .description("1 while the customer's circuit breaker is open or half-open, else 0").register(registry);
    }

    void started(long queuedMs) {
        inFlight.incrementAndGet();
        queueWait.record(queuedMs, TimeUnit.MILLISECONDS);
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    void delivered(long latencyMs, int attempts) {
        delivered.incrementAndGet();
        deliveredCounter.increment();
        latency.record(latencyMs, TimeUnit.MILLISECONDS);
        retried(attempts - 1);
        synchronized (latencies) {
            latencies.add(latencyMs);
        }
    }

    void deadLettered(int attempts) {
        deadLettered.incrementAndGet();
        deadLetterCounter.increment();
        retried(attempts - 1);
    }

    void expired(long count) {
        expired.addAndGet(count);
        expiredCounter.increment(count);
    }

    private void retried(int times) {
        if (times > 0) {
            retries.addAndGet(times);
            retryCounter.increment(times);
        }
    }

    void backlog(long value) {
        backlog.set(value);
    }

    void circuit(CircuitBreakerState state) {
        circuit = state;
    }

    public Snapshot snapshot() {
        long[] sample;
        synchronized (latencies) {
            sample = latencies.copy();
        }
        Arrays.sort(sample);
        return new Snapshot(customerId, delivered.get(), inFlight.get(), backlog.get(), retries.get(), deadLettered.get(),
                expired.get(), LatencySamples.percentile(sample, 50), LatencySamples.percentile(sample, 99), circuit.name());
    }
}

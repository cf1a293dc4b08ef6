package com.logistics.cdc.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.stack.Ledger;
import com.logistics.cdc.stack.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make soak}: the producer's simulation for a configured time on the whole product, customers answering as in
 * the demo (300 ms, 30 s, 300 ms). Every interval it prints what was committed and delivered, the monitor's heap,
 * resident memory and threads (they should stay flat) and customer 2's backlog in Kafka; at the end each customer's
 * latency (commit to the request at the customer, from the simulators' journals) and the ledger.
 * <p>
 * Usage: {@code Soak <producer jar> <monitor jar> <minutes> <writes per second>}.
 */
public final class Soak {

    private static final int[] CUSTOMER_DELAYS = {300, 30_000, 300};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern RETRIES = Pattern.compile("^dispatch_retries_total\\{customer=\"(\\d+)\"[^}]*} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("^jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    /** One sample of the monitor and the pipeline. */
    record Sample(long seconds, long committed, long delivered, double heapMiB, double rssMiB, int threads, long customer2Backlog) {
    }

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: Soak <producer jar> <monitor jar> <minutes> <writes per second>");
            System.exit(2);
        }
        Duration length = Duration.ofMinutes(Long.parseLong(args[2]));
        int rate = Integer.parseInt(args[3]);
        boolean holds = run(Path.of(args[0]), Path.of(args[1]), length, rate, System.out);
        System.exit(holds ? 0 : 1);
    }

    static boolean run(Path producerJar, Path monitorJar, Duration length, int rate, PrintStream out) throws Exception {
        Duration every = Duration.ofSeconds(Math.max(10, Math.min(60, length.toSeconds() / 12)));
        try (ProductStack product = ProductStack.start(producerJar, monitorJar, CUSTOMER_DELAYS)) {
            out.printf("Soak: %d writes/s for %d min, customers answering in %d / %d / %d ms; a sample every %d s%n%n",
                    rate, length.toMinutes(), CUSTOMER_DELAYS[0], CUSTOMER_DELAYS[1], CUSTOMER_DELAYS[2], every.toSeconds());
            out.printf("%8s %11s %11s %10s %9s %8s %12s%n", "seconds", "committed", "delivered", "heap MiB", "RSS MiB", "threads", "c2 backlog");
            List<Sample> samples = new ArrayList<>();
            long started = System.nanoTime();
            product.startSimulation(rate);
            while (System.nanoTime() - started < length.toNanos()) {
                Thread.sleep(every.toMillis());
                Sample sample = sample(product, (System.nanoTime() - started) / 1_000_000_000L);
                samples.add(sample);
                out.printf("%8d %11d %11d %10.0f %9.0f %8d %12d%n", sample.seconds(), sample.committed(), sample.delivered(),
                        sample.heapMiB(), sample.rssMiB(), sample.threads(), sample.customer2Backlog());
            }
            JsonNode simulation = product.stopSimulation();
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("%nThroughput: %d writes committed in %.0f s = %.1f/s (asked %d/s); %d refused%n",
                    samples.getLast().committed(), seconds, samples.getLast().committed() / seconds, rate,
                    simulation.path("failedBatches").asLong());
            trend(samples, out);
            out.println();
            latencies(product, out);
            out.println("Calls the monitor tried again, per customer (counted once a movement is done): "
                    + retries(get(product.monitorUrl() + "/q/metrics")));
            out.println();
            Ledger.Report ledger = product.ledger();
            ledger.print(out);
            out.println(ledger.holds()
                    ? "Nothing lost, nothing out of order (pending: on its way in the customers' topics, mostly customer 2's backlog)."
                    : "THE LEDGER DOES NOT HOLD.");
            return ledger.holds();
        }
    }

    private static Sample sample(ProductStack product, long seconds) throws Exception {
        String metrics = get(product.monitorUrl() + "/q/metrics");
        double heap = 0;
        Matcher heapAreas = HEAP.matcher(metrics);
        while (heapAreas.find()) {
            heap += Double.parseDouble(heapAreas.group(1));
        }
        Matcher threads = THREADS.matcher(metrics);
        long delivered = 0;
        Matcher deliveredCounts = Pattern.compile("^dispatch_delivered_total\\{[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        while (deliveredCounts.find()) {
            delivered += (long) Double.parseDouble(deliveredCounts.group(1));
        }
        return new Sample(seconds, product.committedMovements(), delivered, heap / 1048576, rssKiB(product.monitorPid()) / 1024.0,
                threads.find() ? (int) Double.parseDouble(threads.group(1)) : -1,
                product.backlog(Topics.customer(2), "monitor-dispatch-customer-2"));
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static Map<String, Long> retries(String metrics) {
        Map<String, Long> retries = new TreeMap<>();
        Matcher counts = RETRIES.matcher(metrics);
        while (counts.find()) {
            retries.put(counts.group(1), (long) Double.parseDouble(counts.group(2)));
        }
        return retries;
    }

    /** Flat or growing: the monitor's figures in the first and the last third of the run. */
    private static void trend(List<Sample> samples, PrintStream out) {
        int third = Math.max(1, samples.size() / 3);
        List<Sample> first = samples.subList(0, third);
        List<Sample> last = samples.subList(samples.size() - third, samples.size());
        out.printf("monitor-service, first third -> last third of the run (mean): heap %.0f -> %.0f MiB, RSS %.0f -> %.0f MiB, threads %.0f -> %.0f%n",
                first.stream().mapToDouble(Sample::heapMiB).average().orElse(0), last.stream().mapToDouble(Sample::heapMiB).average().orElse(0),
                first.stream().mapToDouble(Sample::rssMiB).average().orElse(0), last.stream().mapToDouble(Sample::rssMiB).average().orElse(0),
                first.stream().mapToInt(Sample::threads).average().orElse(0), last.stream().mapToInt(Sample::threads).average().orElse(0));
    }

    /** Each customer's latency, from a movement's commit to its first request at the customer (the journals). */
    private static void latencies(ProductStack product, PrintStream out) throws Exception {
        out.printf("%-10s %10s %9s %9s %9s %9s%n", "customer", "delivered", "p50 ms", "p99 ms", "max ms", "answer ms");
        for (var customer : product.customers().entrySet()) {
            JsonNode journal = JSON.readTree(get(customer.getValue() + "/__admin/requests"));
            Set<String> seen = new HashSet<>();
            List<Long> latencies = new ArrayList<>();
            for (JsonNode entry : journal.path("requests")) {
                JsonNode body = JSON.readTree(entry.path("request").path("body").asText("{}"));
                if (body.has("eventId") && seen.add(body.path("eventId").asText())) {
                    latencies.add(entry.path("request").path("loggedDate").asLong() - Instant.parse(body.path("occurredAt").asText()).toEpochMilli());
                }
            }
            latencies.sort(null);
            out.printf("%-10d %10d %9s %9s %9s %9d%n", customer.getKey(), latencies.size(), percentile(latencies, 50),
                    percentile(latencies, 99), latencies.isEmpty() ? "-" : latencies.getLast().toString(), CUSTOMER_DELAYS[customer.getKey() - 1]);
        }
    }

    private static String percentile(List<Long> sorted, int percentile) {
        return sorted.isEmpty() ? "-" : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)).toString();
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

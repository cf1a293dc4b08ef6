package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one check of "nothing lost": what PostgreSQL committed against what the customers recorded and what was
 * dead-lettered. The truth is every version of every package: the table says how many movements each package has
 * had (its {@code version} + 1), the change topic says which, in commit order, with the position each movement's
 * Idempotency-Key is made of ({@code lsn:table:id}, as monitor-service's {@code ChangeEvent.eventId}). Each committed
 * movement must be delivered at least once, or be dead-lettered with its reason, or still be on its way (past what
 * the monitor committed: pending, not lost); a package's movements must reach its customer in commit order; a
 * movement sent twice (same Idempotency-Key) is a duplicate, counted, not an error; a delivery no commit explains
 * is, and so is one whose Idempotency-Key header is not its movement's.
 */
public final class Ledger {

    /** monitor-service's group on the change topic ({@code MONITOR_GROUP_ID}'s default). */
    private static final String ROUTER_GROUP = "monitor-service";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The figures of one comparison; {@code lost}, {@code outOfOrder} and {@code unexplained} must be 0, and once the
     * work is drained {@code pending} and {@code notYetStreamed} are 0 too.
     */
    public record Report(long packages, long committed, long notYetStreamed, long delivered, long duplicates,
                         long deadLettered, long unreadable, long pending, long lost, long outOfOrder, long unexplained,
                         Map<Integer, Long> duplicatesByCustomer, List<String> examples) {

        public boolean holds() {
            return lost == 0 && outOfOrder == 0 && unexplained == 0;
        }

        /** Nothing on its way any more: every committed movement streamed, and delivered or dead-lettered. */
        public boolean drained() {
            return pending == 0 && notYetStreamed == 0;
        }

        public void print(PrintStream out) {
            out.printf("%-10s %10s %10s %11s %12s %11s %13s %8s %8s %12s %12s%n", "packages", "committed", "delivered", "duplicates",
                    "dead-letters", "unreadable", "not-streamed", "pending", "lost", "out-of-order", "unexplained");
            out.printf("%-10d %10d %10d %11d %12d %11d %13d %8d %8d %12d %12d%n", packages, committed, delivered, duplicates,
                    deadLettered, unreadable, notYetStreamed, pending, lost, outOfOrder, unexplained);
            if (duplicates > 0) {
                out.println("  duplicates by customer: " + duplicatesByCustomer);
            }
            examples.forEach(example -> out.println("  " + example));
        }
    }

    /** One delivery a customer recorded, in the order it recorded them, with the Idempotency-Key it came with. */
    record Delivery(int customer, String eventId, String trackingCode, String idempotencyKey, long loggedAtMs) {
    }

    private final StackConfig config;
    private final Map<Integer, String> customers;
    private final String trackingCodePrefix;

    /**
     * @param customers          each customer's base URL (a WireMock simulator: its journal is read)
     * @param trackingCodePrefix only the packages whose codes start with it ("" for all)
     */
    public Ledger(StackConfig config, Map<Integer, String> customers, String trackingCodePrefix) {
        this.config = config;
        this.customers = customers;
        this.trackingCodePrefix = trackingCodePrefix;
    }

    public Report check() {
        Map<String, Long> versions = committedVersions();
        List<ConsumerRecord<String, String>> unreadable = readAll(Topics.UNREADABLE);
        List<Streamed> movements = streamedMovements(positionsOf(unreadable));
        Map<String, List<String>> streamed = byPackage(movements);
        Map<String, String> packageOf = new HashMap<>();
        streamed.forEach((code, ids) -> ids.forEach(id -> packageOf.put(id, code)));
        Set<String> deadLettered = deadLettered();
        Set<String> pending = pending(movements);
        List<Delivery> deliveries = deliveries();

        List<String> examples = new ArrayList<>();
        long committed = versions.values().stream().mapToLong(version -> version + 1).sum();
        long notYetStreamed = 0;
        for (var entry : versions.entrySet()) {
            long missing = entry.getValue() + 1 - streamed.getOrDefault(entry.getKey(), List.of()).size();
            if (missing > 0) {
                notYetStreamed += missing;
                example(examples, entry.getKey() + ": " + missing + " committed movement(s) not in " + Topics.CHANGES + " yet");
            }
        }
        Map<String, List<String>> firstDeliveries = new LinkedHashMap<>();
        Map<String, Delivery> seen = new HashMap<>();
        List<String> resent = new ArrayList<>(); // examples of duplicates, shown after what is wrong
        long duplicates = 0;
        Map<Integer, Long> duplicatesByCustomer = new TreeMap<>();
        long unexplained = 0;
        for (Delivery delivery : deliveries) {
            if (!packageOf.containsKey(delivery.eventId())) {
                unexplained++;
                example(examples, "delivered but never committed: " + delivery);
            } else if (!delivery.idempotencyKey().equals(delivery.eventId())) {
                unexplained++; // a re-send the customer could not recognise as one
                example(examples, "delivered with an Idempotency-Key that is not its movement's: " + delivery);
            } else if (seen.putIfAbsent(delivery.eventId(), delivery) != null) {
                duplicates++;
                duplicatesByCustomer.merge(delivery.customer(), 1L, Long::sum);
                example(resent, "sent again %.1f s after its first request: %s".formatted(
                        (delivery.loggedAtMs() - seen.get(delivery.eventId()).loggedAtMs()) / 1000.0, delivery));
            } else {
                firstDeliveries.computeIfAbsent(delivery.trackingCode(), code -> new ArrayList<>()).add(delivery.eventId());
            }
        }
        long lost = 0;
        long waiting = 0;
        long outOfOrder = 0;
        for (var entry : streamed.entrySet()) {
            List<String> arrived = firstDeliveries.getOrDefault(entry.getKey(), List.of());
            for (String id : entry.getValue()) {
                if (seen.containsKey(id) || deadLettered.contains(id)) {
                    continue;
                }
                if (pending.contains(id)) {
                    waiting++;
                } else {
                    lost++;
                    example(examples, entry.getKey() + ": movement " + id + " neither delivered nor dead-lettered");
                }
            }
            Set<String> arrivedOnce = new HashSet<>(arrived);
            if (!arrived.equals(entry.getValue().stream().filter(arrivedOnce::contains).toList())) {
                outOfOrder++;
                example(examples, entry.getKey() + ": delivered in the order " + arrived + ", committed " + entry.getValue());
            }
        }
        resent.forEach(example -> example(examples, example));
        return new Report(versions.size(), committed, notYetStreamed, seen.size(), duplicates,
                deadLettered.stream().filter(packageOf::containsKey).count(), unreadable.size(), waiting, lost, outOfOrder, unexplained, duplicatesByCustomer, examples);
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 10) {
            examples.add(example);
        }
    }

    /** Each package's version in the table: it has had version + 1 movements (its insert, then each update). */
    private Map<String, Long> committedVersions() {
        Map<String, Long> versions = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             var statement = db.prepareStatement("SELECT tracking_code, version FROM package_status WHERE tracking_code LIKE ?")) {
            statement.setString(1, trackingCodePrefix.replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new StackException("The ledger cannot read package_status: " + e.getMessage(), e);
        }
        return versions;
    }

    /** One movement of the change topic: its package, its Idempotency-Key ({@code lsn:table:id}), where it lies. */
    record Streamed(String trackingCode, String eventId, TopicPartition partition, long offset) {
    }

    /**
     * The movements of the change topic in commit order (Connect may have sent one again: both copies are here),
     * without the messages the monitor dead-lettered as unreadable (no connector wrote those: not commits).
     */
    private List<Streamed> streamedMovements(Set<String> unreadable) {
        List<Streamed> movements = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(Topics.CHANGES)) {
            if (record.value() == null || unreadable.contains(record.topic() + ":" + record.partition() + ":" + record.offset())) {
                continue;
            }
            JsonNode event = readTree(record.value());
            JsonNode payload = event.has("payload") ? event.path("payload") : event;
            String op = payload.path("op").asText();
            JsonNode after = payload.path("after");
            if (!(op.equals("c") || op.equals("u") || op.equals("r")) || after.isMissingNode() || after.isNull()) {
                continue;
            }
            String code = after.path("tracking_code").asText();
            if (code.startsWith(trackingCodePrefix)) {
                JsonNode source = payload.path("source");
                String id = source.path("lsn").asText() + ":" + source.path("table").asText() + ":" + after.path("id").asText();
                movements.add(new Streamed(code, id, new TopicPartition(record.topic(), record.partition()), record.offset()));
            }
        }
        return movements;
    }

    /** Package by package, its movements in commit order, each once. */
    private static Map<String, List<String>> byPackage(List<Streamed> movements) {
        Map<String, LinkedHashSet<String>> ids = new TreeMap<>();
        movements.forEach(movement -> ids.computeIfAbsent(movement.trackingCode(), code -> new LinkedHashSet<>()).add(movement.eventId()));
        Map<String, List<String>> ordered = new TreeMap<>();
        ids.forEach((code, each) -> ordered.put(code, List.copyOf(each)));
        return ordered;
    }

    /**
     * The movements the monitor still has to do, so not lost yet: in a customer's topic at or past the offset that
     * customer's dispatchers committed, or in the change topic at or past the offset the router committed.
     */
    private Set<String> pending(List<Streamed> movements) {
        Set<String> ids = new HashSet<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (!topic.startsWith(Topics.CUSTOMER_PREFIX)) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        "monitor-dispatch-" + topic.substring(topic.lastIndexOf('.') + 1)).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                for (ConsumerRecord<String, String> record : readAll(topic)) {
                    OffsetAndMetadata done = committed.get(new TopicPartition(topic, record.partition()));
                    if (done == null || record.offset() >= done.offset()) {
                        ids.add(readTree(record.value()).path("eventId").asText());
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> routed = admin.listConsumerGroupOffsets(ROUTER_GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (Streamed movement : movements) {
                OffsetAndMetadata done = routed.get(movement.partition());
                if (done == null || movement.offset() >= done.offset()) {
                    ids.add(movement.eventId());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("The ledger cannot read the monitor's offsets: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
        return ids;
    }

    /** Where each unreadable message lay ({@code topic:partition:offset}), from its dead letter's headers. */
    private static Set<String> positionsOf(List<ConsumerRecord<String, String>> deadLetters) {
        Set<String> positions = new HashSet<>();
        for (ConsumerRecord<String, String> record : deadLetters) {
            positions.add(header(record, "dead-letter-topic") + ":" + header(record, "dead-letter-partition") + ":"
                    + header(record, "dead-letter-offset"));
        }
        return positions;
    }

    /** A header's value as text; empty when the record has none of that name. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The event ids of the undeliverable movements (each dead letter carries its reason in a header). */
    private Set<String> deadLettered() {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : readAll(Topics.UNDELIVERABLE)) {
            if (!header(record, "event-id").isEmpty() && !header(record, "dead-letter-reason").isEmpty()) {
                ids.add(header(record, "event-id"));
            }
        }
        return ids;
    }

    /** What every customer recorded, oldest first (WireMock's journal lists the newest first). */
    private List<Delivery> deliveries() {
        List<Delivery> deliveries = new ArrayList<>();
        for (var customer : customers.entrySet()) {
            JsonNode journal = get(customer.getValue() + "/__admin/requests");
            List<Delivery> ofCustomer = new ArrayList<>();
            for (JsonNode entry : journal.path("requests")) {
                JsonNode request = entry.path("request");
                if (!request.path("url").asText().equals("/package-status") || !request.path("method").asText().equals("POST")
                        || !accepted(entry)) {
                    continue;
                }
                JsonNode body = readTree(request.path("body").asText());
                // not a notification (a benchmark's naive client posts raw rows to the same simulators): not ours to judge
                if (body.has("trackingCode") && body.path("trackingCode").asText().startsWith(trackingCodePrefix)) {
                    ofCustomer.addFirst(new Delivery(customer.getKey(), body.path("eventId").asText(),
                            body.path("trackingCode").asText(), header(request, "Idempotency-Key"),
                            request.path("loggedDate").asLong()));
                }
            }
            deliveries.addAll(ofCustomer);
        }
        return deliveries;
    }

    /** A request header of a journal entry, whatever the case of its name ("" when it has none). */
    private static String header(JsonNode request, String name) {
        for (var field : request.path("headers").properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                JsonNode value = field.getValue();
                return value.isArray() ? value.path(0).asText() : value.asText();
            }
        }
        return "";
    }

    /** Only a 2xx is a delivery: not a 4xx/5xx, nor a fault the simulator played (a reset, a dropped connection). */
    private static boolean accepted(JsonNode entry) {
        int status = entry.path("response").path("status").asInt();
        return status >= 200 && status < 300 && !entry.path("responseDefinition").has("fault");
    }

    private List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(config, topic);
    }

    /** Every record of {@code topic} on the stack, from its beginning to its end now (none for a topic not made yet). */
    public static List<ConsumerRecord<String, String>> readAll(StackConfig config, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                return records; // no such topic yet: nothing was written to it
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("The ledger could not read " + topic + " to its end in 2 minutes");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new StackException("GET " + url + " answered " + response.statusCode());
            }
            return readTree(response.body());
        } catch (IOException e) {
            throw new StackException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted: GET " + url, e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode(); // not JSON: no movement of ours (the unreadable ones are the monitor's to count)
        }
    }
}

package com.logistics.cdc.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logistics.cdc.stack.Topics;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.awaitility.Awaitility.await;

/**
 * The packaged monitor-service (the jar as built) catching up with a backlog on the CDC topic: every change
 * event counted once, the ones Debezium re-sends counted as duplicates, a broken one dead-lettered.
 * <p>
 * Built with JDK 25+ (pom profile {@code aot-cache}), this run is also the training workload Quarkus records the
 * AOT cache with ({@code target/quarkus-app/app.aot}): the classes and method profiles of consuming and decoding,
 * not only of starting, so a monitor started with the cache consumes warm from its first poll. The backlog is
 * therefore shaped like a real one: whole journeys (posted, hops in transit, out for delivery, delivered with no
 * next address), commit times of now, re-sends in blocks as after Connect restarts, and bounds small enough that
 * the duplicate window and the package histories are full and evicting for most of the run, as they are after
 * the first 100,000 events of a real topic. A profile that never saw those branches makes the JIT throw away
 * the compiled consuming code when they are first taken, in the middle of a catch-up. And it is a catch-up as
 * after a stop: the backlog (178,501 messages) is in Kafka before the monitor starts, so it reads full
 * polls from the first one, and long enough for the consuming code to be compiled by C2 while it records; a
 * backlog of 36,000 written while the monitor read it made a cache that caught up with 240,000 events about
 * 0.3 s slower (docs/monitor-performance.md).
 */
@QuarkusIntegrationTest
@WithTestResource(value = MonitorCatchUpIT.Backlog.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "kafka"))
class MonitorCatchUpIT {

    private static final int PACKAGES = 60_000;
    /** Packages written between two re-sends, and the events re-sent each time. */
    private static final int WAVE = 1_000;
    private static final int RESENT_PER_WAVE = 100;
    private static final int DEDUPE_WINDOW = 2_000;
    private static final List<String> HUBS = List.of("Centro de Distribuição Cajamar - SP",
            "Centro de Distribuição Contagem - MG", "Centro de Distribuição Duque de Caxias - RJ",
            "Centro de Distribuição Curitiba - PR", "Centro de Distribuição Recife - PE");
    private static final List<String> HOMES = List.of("Avenida Paulista 1578, Bela Vista, São Paulo - SP, 01310-200",
            "Rua da Aurora 325, Boa Vista, Recife - PE, 50050-000", "Avenida Afonso Pena 1212, Centro, Belo Horizonte - MG, 30130-005",
            "Rua XV de Novembro 700, Centro, Curitiba - PR, 80020-310");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link Backlog} wrote, read by the test (both run in the test JVM). */
    private static volatile Written written;

    private record Written(int messages, int resent, Map<String, Long> byStatus) {
    }

    /**
     * Kafka, and the backlog in it before the monitor starts, so the monitor catches up with full polls as after
     * a stop; consuming and showing only (customers' APIs are another test's business), with small bounds, so
     * they fill early. (Settings, not a test profile: Quarkus records no AOT cache for a test with a profile of
     * its own.)
     */
    public static class Backlog extends LocalStackResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> settings = new HashMap<>(super.start());
            written = write(settings.get("kafka.bootstrap.servers"));
            settings.putAll(Map.of("monitor.dispatch.enabled", "false",
                    "monitor.dedupe-window", String.valueOf(DEDUPE_WINDOW),
                    "monitor.history-packages", "1000"));
            return settings;
        }
    }

    @Test
    void countsEveryEventOfABacklogOnceAndResentOnesAsDuplicates() {
        // Waited for as bench-monitor waits: polling the counts alone.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonPath counts = given().get("/dashboard/counts").then().statusCode(200).extract().jsonPath();
            assertThat(counts.getLong("events") + counts.getLong("duplicates") + counts.getLong("malformed"))
                    .isEqualTo(written.messages());
        });
        long unique = written.messages() - written.resent() - 1;
        given().get("/dashboard/counts").then().body("events", is((int) unique), "duplicates", is(written.resent()),
                "malformed", is(1), "tombstones", is(0));
        JsonPath dashboard = given().get("/dashboard").then().extract().jsonPath();
        assertThat(dashboard.getLong("events")).isEqualTo(unique);
        assertThat(dashboard.getLong("duplicates")).isEqualTo(written.resent());
        assertThat(dashboard.getLong("malformed")).isEqualTo(1);
        assertThat(dashboard.getLong("byOperation.c")).isEqualTo(PACKAGES);
        assertThat(dashboard.getLong("byOperation.u")).isEqualTo(unique - PACKAGES);
        assertThat(dashboard.getMap("byStatus", String.class, Long.class)).isEqualTo(written.byStatus());
        // The bounds were in force: the first packages' histories were evicted, the last one's is whole.
        given().get("/packages/{code}/history", trackingCode(1)).then().statusCode(200).body("size()", is(0));
        given().get("/packages/{code}/history", trackingCode(PACKAGES)).then().statusCode(200)
                .body("status", contains("Package Posted", "In Transit", "Out for Delivery", "Package Delivered"));
    }

    @Test
    void inTheProdProfileReplayingDeadLettersNeedsTheOperatorAndReadingNobody() {
        given().post("/dead-letters/replay").then().statusCode(401); // no OPERATOR_PASSWORD: nobody is an operator
        given().auth().preemptive().basic("operator", "").post("/dead-letters/replay").then().statusCode(401);
        given().get("/dashboard/counts").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The whole backlog, in waves of packages each followed by a re-send, then a broken message. */
    private static Written write(String bootstrapServers) {
        Map<String, Long> byStatus = new TreeMap<>();
        int messages = 0;
        int resent = 0;
        long lsn = 1_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            ObjectNode template = (ObjectNode) JSON.readTree(resource("insert.json"));
            for (int first = 1; first <= PACKAGES; first += WAVE) {
                List<ObjectNode> changes = new ArrayList<>();
                for (int id = first; id < first + WAVE; id++) {
                    changes.addAll(journey(template, id));
                }
                // The wave's packages are posted, then move: a stable sort keeps each package's changes in order.
                changes.sort(Comparator.comparing(change -> change.get("before").isNull() ? 0 : 1));
                List<String[]> wave = new ArrayList<>();
                for (ObjectNode change : changes) { // in log order, committed now
                    ((ObjectNode) change.get("source")).put("lsn", lsn += 8).put("ts_ms", System.currentTimeMillis());
                    wave.add(new String[] {"{\"id\":" + change.get("after").get("id") + "}", change.toString()});
                    byStatus.merge(change.get("after").get("status").asText(), 1L, Long::sum);
                }
                // As after a Connect restart: the changes since its last committed offset again, the same positions.
                wave.addAll(List.copyOf(wave.subList(wave.size() - RESENT_PER_WAVE, wave.size())));
                for (String[] event : wave) {
                    producer.send(new ProducerRecord<>(Topics.CHANGES, event[0], event[1]));
                }
                messages += wave.size();
                resent += RESENT_PER_WAVE;
            }
            producer.send(new ProducerRecord<>(Topics.CHANGES, "{\"id\":-1}", "{\"op\":\"c\", this is not json")).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the backlog", e);
        }
        return new Written(messages + 1, resent, byStatus);
    }

    /**
     * A package's changes as the producer makes them: posted at home, one or two hops between hubs, and for one
     * package in four out for delivery, then for half of those delivered (no next address).
     */
    private static List<ObjectNode> journey(ObjectNode template, int id) {
        List<ObjectNode> changes = new ArrayList<>();
        ObjectNode row = ((ObjectNode) template.get("after")).deepCopy()
                .put("id", id).put("tracking_code", trackingCode(id)).put("customer_id", 1 + id % 3)
                .put("actual_address", HOMES.get(id % HOMES.size())).put("next_address", HUBS.get(id % HUBS.size()))
                .put("status", "Package Posted").put("version", 0);
        changes.add(change(template, "c", null, row));
        List<String[]> moves = new ArrayList<>(); // status, next address
        for (int hop = 1; hop <= 1 + id % 2; hop++) {
            moves.add(new String[] {"In Transit", HUBS.get((id + hop) % HUBS.size())});
        }
        if (id % 4 == 0) {
            moves.add(new String[] {"Out for Delivery", HOMES.get((id + 1) % HOMES.size())});
            if (id % 8 == 0) {
                moves.add(new String[] {"Package Delivered", null});
            }
        }
        for (String[] move : moves) {
            ObjectNode next = moved(row, move[0], move[1]);
            changes.add(change(template, "u", row, next));
            row = next;
        }
        return changes;
    }

    private static String trackingCode(int id) {
        return "CU%09dBR".formatted(id);
    }

    private static ObjectNode moved(ObjectNode row, String status, String next) {
        return row.deepCopy().put("actual_address", row.get("next_address").asText()).put("next_address", next)
                .put("status", status).put("version", row.get("version").asLong() + 1);
    }

    private static ObjectNode change(ObjectNode template, String op, ObjectNode before, ObjectNode after) {
        ObjectNode event = template.deepCopy().put("op", op);
        event.set("before", before);
        event.set("after", after);
        return event;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MonitorCatchUpIT.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

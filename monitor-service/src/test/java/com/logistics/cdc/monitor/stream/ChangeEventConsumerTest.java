package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.dashboard.MovementView;
import com.logistics.cdc.monitor.metrics.StreamStats;
import com.logistics.cdc.monitor.source.ReplicationSlotWatch.ReplicationSlot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** The processing of the stream, fed batches through an in-memory channel; dead letters go to an in-memory sink. */
@QuarkusTest
@WithTestResource(InMemoryChannel.class)
class ChangeEventConsumerTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    StreamStats stats;

    @Inject
    MovementView view;

    @Test
    void newEventsAreShownReSentOnesCountedBadOnesDeadLetteredTombstonesSkippedThenTheBatchIsAcked() throws Exception {
        InMemorySource<Message<List<byte[]>>> topic = connector.source("package-status");
        InMemorySink<byte[]> deadLetters = connector.sink("unreadable-change-events");
        StreamStats.Figures before = stats.figures();

        CompletableFuture<Void> acked = new CompletableFuture<>();
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        byte[] broken = resource("malformed-truncated.json");
        topic.send(Message.of(Arrays.asList(resource("insert.json"), resource("insert.json"), resource("update.json"),
                        broken, null))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    nacked.complete(reason);
                    return CompletableFuture.completedFuture(null);
                }));

        acked.get(10, TimeUnit.SECONDS);
        assertThat(nacked).isNotDone();

        StreamStats.Figures after = stats.figures();
        MovementView.Snapshot shown = view.snapshot(after, java.util.List.of(), ReplicationSlot.unknown("not watched here"));
        assertThat(after.events() - before.events()).as("insert and update, once each").isEqualTo(2);
        assertThat(after.duplicates() - before.duplicates()).isEqualTo(1);
        assertThat(after.malformed() - before.malformed()).isEqualTo(1);
        assertThat(after.tombstones() - before.tombstones()).isEqualTo(1);
        assertThat(shown.latest().getFirst().status()).isEqualTo("In Transit");
        assertThat(shown.latest().getFirst().previousStatus()).isEqualTo("Package Posted");
        assertThat(view.history("JT987654325BR")).extracting("status").containsExactly("Package Posted", "In Transit");

        await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters.received().size() == 1);
        Message<byte[]> dead = deadLetters.received().getFirst();
        assertThat(dead.getPayload()).isEqualTo(broken);
        var headers = dead.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertThat(new String(headers.lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).contains("not JSON");
        assertThat(headers.lastHeader("dead-letter-offset")).isNotNull();
        assertThat(headers.lastHeader("dead-letter-partition")).isNotNull();
    }

    @Test
    void theDashboardDataIsServed() {
        // nothing else feeds the stream here: the page serves exactly the stream's own count
        given().get("/dashboard").then().statusCode(200).body("events", is((int) stats.figures().events()));
        given().get("/packages/{code}/history", "NO000000000BR").then().statusCode(200).body("size()", is(0));
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Package movements"));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("monitor_duplicates_total"))
                .body(org.hamcrest.Matchers.containsString("monitor_parse_failures_total"));
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ChangeEventConsumerTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        }
    }
}

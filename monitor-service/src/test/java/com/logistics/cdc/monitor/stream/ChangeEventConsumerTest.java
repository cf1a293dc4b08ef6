package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.dashboard.MovementLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** The processing of the stream, fed through an in-memory channel. */
@QuarkusTest
@WithTestResource(InMemoryChannel.class)
class ChangeEventConsumerTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    MovementLog log;

    @Test
    void newEventsAreShownReSentOnesCountedAsDuplicatesBadOnesNackedTombstonesSkipped() throws Exception {
        InMemorySource<Message<byte[]>> topic = connector.source("package-status");
        MovementLog.Snapshot before = log.snapshot();

        Outcome insert = send(topic, resource("insert.json"));
        Outcome again = send(topic, resource("insert.json"));
        Outcome update = send(topic, resource("update.json"));
        Outcome broken = send(topic, resource("malformed-truncated.json"));
        Outcome tombstone = send(topic, null);

        for (Outcome outcome : new Outcome[] {insert, again, update, tombstone}) {
            assertThat(outcome.acked.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(broken.nacked.get(5, java.util.concurrent.TimeUnit.SECONDS)).hasMessageContaining("not JSON");

        MovementLog.Snapshot after = log.snapshot();
        assertThat(after.events() - before.events()).as("insert and update, once each").isEqualTo(2);
        assertThat(after.duplicates() - before.duplicates()).isEqualTo(1);
        assertThat(after.malformed() - before.malformed()).isEqualTo(1);
        assertThat(after.tombstones() - before.tombstones()).isEqualTo(1);
        assertThat(after.latest().getFirst().status()).isEqualTo("In Transit");
        assertThat(after.latest().getFirst().previousStatus()).isEqualTo("Package Posted");
        assertThat(log.history("JT987654325BR")).extracting("status").containsExactly("Package Posted", "In Transit");
    }

    @Test
    void theDashboardDataIsServed() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/dashboard").then().statusCode(200).body("events", org.hamcrest.Matchers.greaterThanOrEqualTo(0)));
        given().get("/packages/{code}/history", "NO000000000BR").then().statusCode(200).body("size()", is(0));
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Package movements"));
    }

    private record Outcome(CompletableFuture<Boolean> acked, CompletableFuture<Throwable> nacked) {
    }

    private static Outcome send(InMemorySource<Message<byte[]>> topic, byte[] payload) {
        Outcome outcome = new Outcome(new CompletableFuture<>(), new CompletableFuture<>());
        AtomicReference<byte[]> body = new AtomicReference<>(payload);
        topic.send(Message.of(body.get())
                .withAck(() -> {
                    outcome.acked.complete(true);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    outcome.nacked.complete(reason);
                    return CompletableFuture.completedFuture(null);
                }));
        return outcome;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ChangeEventConsumerTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        }
    }
}

package com.logistics.cdc.producer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.logistics.cdc.producer.ChangeEvents;
import com.logistics.cdc.producer.StackDatabase;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** End to end on the full stack: each write through the API is exactly one Debezium change event. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class ChangeEventsTest {

    @InjectLocalStack
    LocalStack stack;

    @Test
    void postsAndMovesBecomeExactlyTheirChangeEvents() throws Exception {
        given().queryParam("quantity", 1).post("/packages").then().statusCode(200); // the topic exists from here on
        deliverEverythingInFlight(); // so the next movements can only pick the packages posted below

        try (ChangeEvents events = new ChangeEvents(stack)) {
            given().queryParam("quantity", 20).post("/packages").then().statusCode(200).body("written", org.hamcrest.Matchers.is(20));
            given().queryParam("quantity", 20).post("/movements").then().statusCode(200).body("written", org.hamcrest.Matchers.is(20));

            List<JsonNode> seen = events.read(40, Duration.ofSeconds(60));
            assertThat(seen).hasSize(40);
            List<JsonNode> inserts = seen.subList(0, 20);
            List<JsonNode> updates = seen.subList(20, 40);
            assertThat(inserts).allSatisfy(e -> assertThat(e.path("op").asText()).isEqualTo("c"));
            assertThat(updates).allSatisfy(e -> assertThat(e.path("op").asText()).isEqualTo("u"));

            Map<Long, JsonNode> inserted = new HashMap<>();
            inserts.forEach(e -> inserted.put(e.path("after").path("id").asLong(), e.path("after")));
            assertThat(inserted).hasSize(20);
            Map<Long, Map<String, Object>> rows = rows(inserted.keySet());
            for (JsonNode update : updates) {
                JsonNode before = update.path("before");
                JsonNode after = update.path("after");
                long id = after.path("id").asLong();
                assertThat(inserted).as("the 20 moved are the 20 posted").containsKey(id);
                assertThat(before).as("before is the row as inserted").isEqualTo(inserted.get(id));
                assertThat(after.path("status").asText()).isEqualTo("In Transit");
                assertThat(after.path("actual_address").asText()).isEqualTo(before.path("next_address").asText());
                assertThat(after.path("version").asLong()).isEqualTo(1);
                assertThat(rows.get(id)).containsEntry("status", "In Transit")
                        .containsEntry("actual_address", after.path("actual_address").asText())
                        .containsEntry("next_address", after.path("next_address").asText());
            }
        }
    }

    @Test
    void concurrentMovesOfOnePackageNeverLoseAStep() throws Exception {
        given().queryParam("quantity", 1).post("/packages").then().statusCode(200);
        String code = StackDatabase.newestTrackingCode(stack, "status = 'Package Posted'");
        try (ChangeEvents events = new ChangeEvents(stack)) {
            List<CompletableFuture<Integer>> moves = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() ->
                            given().post("/packages/{code}/movements", code).then().extract().statusCode()))
                    .toList();
            List<Integer> statuses = moves.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(200, 409));
            long succeeded = statuses.stream().filter(s -> s == 200).count();

            int version = given().get("/packages/{code}", code).then().statusCode(200).extract().path("version");
            assertThat(version).as("every successful move is one step").isEqualTo(succeeded);

            List<JsonNode> updates = events.read((int) succeeded, Duration.ofSeconds(60));
            assertThat(updates).hasSize((int) succeeded);
            for (int i = 1; i < updates.size(); i++) {
                assertThat(updates.get(i).path("before")).as("each move starts where the previous ended")
                        .isEqualTo(updates.get(i - 1).path("after"));
            }
        }
    }

    /** Sixty moves of one package at once (more than the 16 connections): each waits for the row and moves it one step. */
    @Test
    void sixtyConcurrentMovesOfOnePackageEachMoveItOneStep() throws Exception {
        given().queryParam("quantity", 1).post("/packages").then().statusCode(200);
        String code = StackDatabase.newestTrackingCode(stack, "status = 'Package Posted'");
        try (Connection db = StackDatabase.connect(stack)) { // a long journey: none of the 60 moves delivers it
            db.createStatement().execute("UPDATE package_status SET hops_remaining = 80 WHERE tracking_code = '" + code + "'");
        }
        List<CompletableFuture<Integer>> moves = IntStream.range(0, 60)
                .mapToObj(i -> CompletableFuture.supplyAsync(() ->
                        given().post("/packages/{code}/movements", code).then().extract().statusCode(),
                        task -> Thread.ofPlatform().start(task)))
                .toList();
        assertThat(moves.stream().map(CompletableFuture::join).toList()).as("every move answered").containsOnly(200);
        int version = given().get("/packages/{code}", code).then().statusCode(200).extract().path("version");
        assertThat(version).as("one step each").isEqualTo(60);
    }

    private static void deliverEverythingInFlight() {
        for (int round = 0; round < 100; round++) {
            int moved = given().queryParam("quantity", 1_000_000).post("/movements").then().statusCode(200)
                    .extract().path("written");
            if (moved == 0) {
                return;
            }
        }
        throw new AssertionError("packages still in flight after 100 rounds of movements");
    }

    private Map<Long, Map<String, Object>> rows(java.util.Set<Long> ids) throws Exception {
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        try (Connection db = StackDatabase.connect(stack); var rs = db.createStatement().executeQuery(
                "SELECT id, status, actual_address, next_address FROM package_status WHERE id IN ("
                        + String.join(",", ids.stream().map(String::valueOf).toList()) + ")")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), Map.of("status", rs.getString(2), "actual_address", rs.getString(3),
                        "next_address", rs.getString(4)));
            }
        }
        return rows;
    }
}

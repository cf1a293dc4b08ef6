package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.StackDatabase;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class SimulationApiTest {

    @InjectLocalStack
    LocalStack stack;

    @AfterEach
    void stopAndSettle() {
        given().delete("/simulation").then().statusCode(200).body("running", is(false));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().get("/simulation").then().extract().<Integer>path("batchesInFlight") == 0);
    }

    @Test
    void runsAMixOfNewPackagesAndMovementsUntilStopped() throws Exception {
        long before = StackDatabase.count(stack, "true");
        given().contentType(ContentType.JSON).body("{\"ratePerSecond\": 400, \"concurrency\": 2, \"durationSeconds\": 60}")
                .when().post("/simulation")
                .then().statusCode(201)
                .body("running", is(true))
                .body("settings.ratePerSecond", is(400))
                .body("settings.concurrency", is(2));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var state = given().get("/simulation").then().statusCode(200).extract();
            assertThat(state.<Integer>path("posted")).isGreaterThan(50);
            assertThat(state.<Integer>path("moved")).isGreaterThan(50);
        });
        given().contentType(ContentType.JSON).body("{}").when().post("/simulation")
                .then().statusCode(409).contentType("application/problem+json").body("title", is("Simulation already running"));

        var stopped = given().delete("/simulation").then().statusCode(200).body("running", is(false)).extract();
        assertThat(stopped.<Integer>path("failedBatches")).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().get("/simulation").then().extract().<Integer>path("batchesInFlight") == 0);
        int posted = given().get("/simulation").then().extract().path("posted");
        assertThat(StackDatabase.count(stack, "true")).isEqualTo(before + posted);
    }

    @Test
    void aLowRateStillPostsItsShareOfNewPackages() throws Exception {
        // 8 writes/s over 4 batches: one write per batch, whose rounded share of new packages used to be none
        long before = StackDatabase.count(stack, "true");
        given().contentType(ContentType.JSON).body("{\"ratePerSecond\": 8, \"concurrency\": 4, \"durationSeconds\": 60}")
                .when().post("/simulation").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var state = given().get("/simulation").then().statusCode(200).extract();
            assertThat(state.<Integer>path("posted")).isGreaterThanOrEqualTo(3);
            assertThat(state.<Integer>path("moved")).isGreaterThanOrEqualTo(3);
        });
        assertThat(StackDatabase.count(stack, "true")).isGreaterThan(before);
    }

    @Test
    void stopsByItselfAfterItsDuration() {
        given().contentType(ContentType.JSON).body("{\"ratePerSecond\": 50, \"durationSeconds\": 1}")
                .when().post("/simulation").then().statusCode(201).body("settings.concurrency", is(4));
        await().atMost(Duration.ofSeconds(10)).until(() -> !given().get("/simulation").then().extract().<Boolean>path("running"));
    }

    @Test
    void noBodyMeansDefaults() {
        given().when().post("/simulation").then().statusCode(201)
                .body("settings.ratePerSecond", is(500)).body("settings.durationSeconds", is(60));
    }

    @Test
    void badSettingsAreProblemsNamingTheFieldAndLimit() {
        given().contentType(ContentType.JSON).body("{\"ratePerSecond\": 0}").when().post("/simulation")
                .then().statusCode(400).contentType("application/problem+json")
                .body("parameter", is("ratePerSecond")).body("limit", is("1..50000"));
        given().contentType(ContentType.JSON).body("{\"concurrency\": 65}").when().post("/simulation")
                .then().statusCode(400).body("parameter", is("concurrency")).body("limit", is("1..64"));
        given().contentType(ContentType.JSON).body("{\"durationSeconds\": \"soon\"}").when().post("/simulation")
                .then().statusCode(400).contentType("application/problem+json")
                .body("parameter", is("durationSeconds")).body("limit", is("1..86400"));
        for (String notAnInt : List.of("3000000000", "1e12", "2.7", "99999999999999999999")) {
            given().contentType(ContentType.JSON).body("{\"ratePerSecond\": " + notAnInt + "}").when().post("/simulation")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("parameter", is("ratePerSecond")).body("limit", is("1..50000"));
        }
        given().contentType(ContentType.JSON).body("{not json").when().post("/simulation")
                .then().statusCode(400).contentType("application/problem+json").body("title", containsString("Unreadable"));
        given().get("/simulation").then().body("running", is(false));
    }
}

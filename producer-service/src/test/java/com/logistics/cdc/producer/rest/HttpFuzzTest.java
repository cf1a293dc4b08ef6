package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.StackDatabase;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.FuzzValues;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and boundary values in every parameter and body the producer reads: never a 500, every refusal a problem
 * naming what was wrong, and a refused request writes nothing. Seeded: a failure names its seed, and
 * {@code -Dfuzz.seed=<seed>} runs the same requests again.
 */
@QuarkusTest
@TestProfile(HttpFuzzTest.SmallQuantities.class)
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class HttpFuzzTest {

    /** The largest quantity small, so that an accepted random one writes a few rows, not a million. */
    public static class SmallQuantities implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("producer.generation.max-quantity", Integer.toString(MAX_QUANTITY));
        }
    }

    static final int MAX_QUANTITY = 20;
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int REQUESTS = 150;
    /** Sent as they are: RestAssured would otherwise percent-encode them again, or refuse them. */
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @InjectLocalStack
    LocalStack stack;

    @AfterEach
    void stopAnySimulation() {
        given().delete("/simulation");
    }

    @Test
    void randomQuantitiesAreWrittenOrRefusedNever500() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < REQUESTS; i++) {
            String quantity = FuzzValues.number(random, MAX_QUANTITY);
            String path = random.nextBoolean() ? "/packages" : "/movements";
            long before = StackDatabase.count(stack, "true");
            // percent sequences are also sent as they are, undecoded by the client (a NUL, a lone byte of UTF-8)
            boolean raw = quantity.matches("[0-9A-Za-z%+.-]+") && !quantity.matches(".*%(?![0-9A-Fa-f]{2}).*");
            Response response = given().config(RAW).urlEncodingEnabled(!raw).queryParam("quantity", quantity).post(path);
            String what = "seed " + SEED + ": POST " + path + "?quantity=" + FuzzValues.printable(quantity);
            assertRefusedCleanlyOrDone(response, what);
            if (response.statusCode() == 400) {
                assertThat(response.jsonPath().getString("parameter")).as(what).isEqualTo("quantity");
            }
            if (response.statusCode() >= 400) {
                assertThat(StackDatabase.count(stack, "true")).as(what + ": rows after a refusal").isEqualTo(before);
            }
        }
    }

    @Test
    void randomTrackingCodesAreFoundOrRefusedNever500() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < REQUESTS; i++) {
            String code = FuzzValues.text(random);
            boolean move = random.nextBoolean();
            long before = StackDatabase.count(stack, "true");
            // encoded by RestAssured: a path parameter of any characters, percent-encoded as a client would send it
            Response response = move ? given().post("/packages/{code}/movements", code) : given().get("/packages/{code}", code);
            String what = "seed " + SEED + ": " + (move ? "POST .../movements" : "GET") + " of '" + FuzzValues.printable(code) + "'";
            assertRefusedCleanlyOrDone(response, what);
            assertThat(response.statusCode()).as(what).isIn(400, 404);
            assertThat(StackDatabase.count(stack, "true")).as(what + ": rows").isEqualTo(before);
        }
    }

    @Test
    void randomSimulationBodiesStartItOrAreRefusedNever500() {
        Random random = new Random(SEED);
        for (int i = 0; i < REQUESTS; i++) {
            String body = FuzzValues.json(random, List.of("ratePerSecond", "concurrency", "durationSeconds"));
            String what = "seed " + SEED + ": POST /simulation " + FuzzValues.printable(body);
            Response response = given().config(RAW).contentType(random.nextBoolean() ? "application/json" : "text/plain").body(body)
                    .post("/simulation");
            assertRefusedCleanlyOrDone(response, what);
            if (response.statusCode() == 201) {
                given().delete("/simulation").then().statusCode(200);
            } else {
                assertThat(response.statusCode()).as(what).isEqualTo(400);
            }
        }
    }

    private static void assertRefusedCleanlyOrDone(Response response, String what) {
        int status = response.statusCode();
        assertThat(status).as(what + " answered " + response.asString()).isLessThan(500);
        if (status == 414 || status == 431) { // past the HTTP server's own limits, refused before any of our code runs
            return;
        }
        if (status >= 400) {
            assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).as(what).isEqualTo(status);
            assertThat(response.jsonPath().getString("detail")).as(what).isNotBlank();
        }
    }
}

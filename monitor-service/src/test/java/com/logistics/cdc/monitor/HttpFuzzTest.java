package com.logistics.cdc.monitor;

import com.logistics.cdc.monitor.dispatch.CustomerApisResource;
import com.logistics.cdc.stack.junit.FuzzValues;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and boundary values in every path, query, header and body the monitor's HTTP endpoints read: never a 500.
 * Seeded: a failure names its seed, and {@code -Dfuzz.seed=<seed>} sends the same requests again.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"),
        @ResourceArg(name = LocalStackResource.DATASOURCE, value = "false")})
@WithTestResource(CustomerApisResource.class)
class HttpFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final List<String> ACCEPTS = List.of("*/*", "application/json", "text/html", "image/png", "", ";;;",
            "application/json;q=0", "text/event-stream", "application/*;q=abc", "x".repeat(3000), "\u00e9/\u00e9");
    private static final List<String> READS = List.of("/", "/dashboard", "/dashboard/counts", "/q/health/ready", "/q/metrics", "/q/openapi");

    @Test
    void randomPackageHistoriesAnswerWithoutA500() {
        Random random = new Random(SEED);
        for (int i = 0; i < 150; i++) {
            String code = FuzzValues.text(random);
            Response response = given().get("/packages/{code}/history", code);
            assertNo500(response, "GET history of '" + FuzzValues.printable(code) + "'");
        }
    }

    @Test
    void randomAcceptHeadersAndQueriesOnTheReadsAnswerWithoutA500() {
        Random random = new Random(SEED);
        for (int i = 0; i < 150; i++) {
            String path = READS.get(random.nextInt(READS.size()));
            String accept = ACCEPTS.get(random.nextInt(ACCEPTS.size()));
            String query = FuzzValues.number(random, 10);
            Response response = given().header("Accept", accept).queryParam(FuzzValues.text(random), query).get(path);
            assertNo500(response, "GET " + path + " Accept '" + FuzzValues.printable(accept) + "' query '" + FuzzValues.printable(query) + "'");
        }
    }

    @Test
    void randomBodiesAndHeadersToTheReplayAnswerWithoutA500() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20; i++) {
            String body = FuzzValues.json(random, List.of("topic", "partition", "offset"));
            String accept = ACCEPTS.get(random.nextInt(ACCEPTS.size()));
            Response response = given().header("Accept", accept).contentType(random.nextBoolean() ? "application/json" : "text/plain")
                    .body(body).queryParam("limit", FuzzValues.number(random, 10)).post("/dead-letters/replay");
            assertNo500(response, "POST /dead-letters/replay Accept '" + FuzzValues.printable(accept) + "' " + FuzzValues.printable(body));
            assertThat(response.statusCode()).as("seed " + SEED + ": the replay answers or refuses the Accept header").isIn(200, 406, 414, 431);
        }
    }

    private static void assertNo500(Response response, String what) {
        assertThat(response.statusCode()).as("seed " + SEED + ": " + what + " answered " + response.asString()).isLessThan(500);
    }
}

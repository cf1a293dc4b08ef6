package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.StackDatabase;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** PostgreSQL stops and comes back: requests get 503 problems meanwhile, and the service recovers alone. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres"))
class DatabaseOutageTest {

    @InjectLocalStack
    LocalStack stack;

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWhenItReturns() {
        given().queryParam("quantity", 2).post("/packages").then().statusCode(200);

        stack.stopPostgres();
        try {
            given().queryParam("quantity", 2).post("/packages")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("title", is("Database unavailable"));
            given().get("/packages/{code}", "AA000000000BR").then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            stack.startPostgres();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("quantity", 2).post("/packages").then().statusCode(200).body("written", is(2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /**
     * A request of a million packages is 200 transactions of 5,000: PostgreSQL stopping part way leaves the batches
     * committed before it. The 503 says how many those are, and the database holds exactly that many more.
     */
    @Test
    void aPostCutShortByTheOutageSaysHowManyPackagesItCommitted() throws Exception {
        long before = StackDatabase.count(stack, "true");
        CompletableFuture<ExtractableResponse<Response>> post = CompletableFuture.supplyAsync(
                () -> given().queryParam("quantity", 1_000_000).post("/packages").then().extract());
        ExtractableResponse<Response> response;
        await().atMost(Duration.ofSeconds(60)).until(() -> StackDatabase.count(stack, "true") - before >= 20_000);
        stack.stopPostgres();
        try {
            response = post.get(60, TimeUnit.SECONDS);
        } finally {
            stack.startPostgres();
        }
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        int written = response.path("written");
        assertThat(written).isBetween(20_000, 999_999);
        assertThat(response.<String>path("detail")).contains("after " + written + " of 1000000 packages were posted")
                .contains("the rest were not written");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(StackDatabase.count(stack, "true") - before).as("packages committed").isEqualTo(written));
    }
}

package com.logistics.cdc.producer.rest;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
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
}

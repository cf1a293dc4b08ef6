package com.logistics.cdc.producer;

import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** Past its threshold the replication slot's retained WAL turns the wellness check DOWN, naming the figures. */
@QuarkusTest
@TestProfile(ReplicationSlotWarningTest.LowThreshold.class)
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class ReplicationSlotWarningTest {

    public static class LowThreshold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("producer.replication-slot.warning-bytes", "1");
        }
    }

    @Test
    void retainedWalPastTheThresholdIsAWarning() {
        given().queryParam("quantity", 50).post("/packages").then().statusCode(200); // WAL the slot has not confirmed yet
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/well")
                .then().statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'replication-slot' }.status", is("DOWN"))
                .body("checks.find { it.name == 'replication-slot' }.data.retainedWalBytes", greaterThan(1))
                .body("checks.find { it.name == 'replication-slot' }.data.warningBytes", is(1)));
    }
}

package com.logistics.cdc.producer;

import com.logistics.cdc.stack.junit.LocalStackResource;
import com.logistics.cdc.stack.junit.OperatorTools;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** What operators look at: health, metrics (checked by promtool), the OpenAPI document (checked by Redocly's linter). */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class HealthTest {

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("producer-service"));
    }

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
    }

    @Test
    void theReplicationSlotsRetainedWalIsAHealthCheckAndAMetric() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/well")
                .then().statusCode(200)
                .body("checks.find { it.name == 'replication-slot' }.status", is("UP"))
                .body("checks.find { it.name == 'replication-slot' }.data.exists", is(true))
                .body("checks.find { it.name == 'replication-slot' }.data.warningBytes", is(1073741824)));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("producer_replication_slot_retained_wal_bytes{slot=\"package_status_slot\"}"))
                .body(containsString("producer_replication_slot_active{slot=\"package_status_slot\"}"))
                .body(containsString("producer_replication_slot_warning_bytes{slot=\"package_status_slot\"} 1.073741824E9"));
    }

    @Test
    void metricsCountRowsWrittenByKind() {
        given().queryParam("quantity", 3).post("/packages").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("producer_rows_written_total{kind=\"posted\""))
                .body(containsString("producer_batch_duration_seconds"));
    }

    @Test
    void ourMetricsHaveHelpTextAndBaseUnitsAsPromtoolExpects() throws Exception {
        given().queryParam("quantity", 2).post("/packages").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("producer_rows_written_total").contains("producer_batch_duration_seconds");

        String ours = OperatorTools.familiesOf(metrics, "producer_");
        assertThat(OperatorTools.promtoolFindings(ours)).as("promtool check metrics on our own metrics:%n%s", ours).isEmpty();
    }

    @Test
    void theOpenApiDocumentPassesTheLinterWithWarningsAsErrors() throws Exception {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();

        OperatorTools.Result lint = OperatorTools.lintOpenApi(document, "producer-service.json");
        assertThat(lint.exit()).as("redocly lint (recommended-strict):%n%s", lint.output()).isZero();
    }
}

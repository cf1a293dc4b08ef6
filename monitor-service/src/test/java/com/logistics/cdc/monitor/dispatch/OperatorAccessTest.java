package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.stack.junit.LocalStackResource;
import com.logistics.cdc.stack.junit.OperatorAccessProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.logistics.cdc.stack.junit.OperatorAccessProfile.OPERATOR_PASSWORD;
import static com.logistics.cdc.stack.junit.OperatorAccessProfile.VIEWER_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWithIgnoringCase;

/**
 * Who may change state, as in the prod profile: replaying dead letters needs the role {@code operator}; the dashboard,
 * health and metrics need nobody. In dev and the other tests the replay is open.
 */
@QuarkusTest
@TestProfile(OperatorAccessProfile.class)
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.PARTS, value = "kafka"),
        @ResourceArg(name = LocalStackResource.DATASOURCE, value = "false")})
@WithTestResource(CustomerApisResource.class)
class OperatorAccessTest {

    @Test
    void replayingDeadLettersNeedsTheOperator() {
        given().post("/dead-letters/replay").then().statusCode(401).header("WWW-Authenticate", startsWithIgnoringCase("basic"));
        given().auth().preemptive().basic("operator", "not-the-password").post("/dead-letters/replay").then().statusCode(401);
        given().auth().preemptive().basic("viewer", VIEWER_PASSWORD).post("/dead-letters/replay").then().statusCode(403);
        given().auth().preemptive().basic("operator", OPERATOR_PASSWORD).post("/dead-letters/replay").then().statusCode(200);
    }

    @Test
    void theDashboardHealthAndMetricsNeedNoCredentials() {
        for (String path : List.of("/", "/dashboard", "/dashboard/counts", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            assertThat(given().get(path).statusCode()).as("GET " + path).isEqualTo(200);
        }
    }

    @Test
    void theOpenApiDocumentDeclaresWhoMayCallWhat() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openapi.getString("components.securitySchemes.operator.scheme")).isEqualTo("basic");
        assertThat(openapi.getList("paths.'/dead-letters/replay'.post.security")).isEqualTo(List.of(Map.of("operator", List.of())));
        assertThat(openapi.getMap("paths.'/dead-letters/replay'.post.responses")).containsKeys("401", "403");
        assertThat(openapi.getList("paths.'/dashboard/counts'.get.security")).isEmpty();
    }
}

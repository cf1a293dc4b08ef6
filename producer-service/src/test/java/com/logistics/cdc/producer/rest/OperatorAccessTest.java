package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.StackDatabase;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import com.logistics.cdc.stack.junit.OperatorAccessProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.logistics.cdc.stack.junit.OperatorAccessProfile.OPERATOR_PASSWORD;
import static com.logistics.cdc.stack.junit.OperatorAccessProfile.VIEWER_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWithIgnoringCase;

/**
 * Who may change state, as in the prod profile (application.properties, "Who may change state"): every call that
 * writes needs the role {@code operator}; reading needs nobody. In dev and the other tests all of it is open.
 */
@QuarkusTest
@TestProfile(OperatorAccessProfile.class)
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class OperatorAccessTest {

    @InjectLocalStack
    LocalStack stack;

    /** method, path, body: every operation that writes. */
    private static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/packages?quantity=1", ""},
            new String[] {"POST", "/movements?quantity=1", ""},
            new String[] {"POST", "/packages/JT0000000000001/movements", ""},
            new String[] {"POST", "/simulation", "{\"ratePerSecond\":1,\"durationSeconds\":1}"},
            new String[] {"DELETE", "/simulation", ""});

    @Test
    void everyWriteWithoutCredentialsIs401AndWritesNothing() throws Exception {
        long before = StackDatabase.count(stack, "true");
        for (String[] write : WRITES) {
            call(given(), write).then().statusCode(401).header("WWW-Authenticate", startsWithIgnoringCase("basic"));
            call(given().auth().preemptive().basic("operator", "not-the-password"), write).then().statusCode(401);
        }
        assertThat(StackDatabase.count(stack, "true")).isEqualTo(before);
    }

    @Test
    void everyWriteByAUserOfAnotherRoleIs403AndWritesNothing() throws Exception {
        long before = StackDatabase.count(stack, "true");
        for (String[] write : WRITES) {
            call(given().auth().preemptive().basic("viewer", VIEWER_PASSWORD), write).then().statusCode(403);
        }
        assertThat(StackDatabase.count(stack, "true")).isEqualTo(before);
    }

    @Test
    void theOperatorWrites() throws Exception {
        long before = StackDatabase.count(stack, "true");
        asOperator().post("/packages?quantity=2").then().statusCode(200);
        asOperator().post("/movements?quantity=1").then().statusCode(200);
        String code = StackDatabase.newestTrackingCode(stack, "status <> 'Delivered'");
        asOperator().post("/packages/" + code + "/movements").then().statusCode(200);
        asOperator().contentType("application/json").body("{\"ratePerSecond\":1,\"durationSeconds\":1}")
                .post("/simulation").then().statusCode(201);
        asOperator().delete("/simulation").then().statusCode(200);
        assertThat(StackDatabase.count(stack, "true")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void readingNeedsNoCredentials() throws Exception {
        asOperator().post("/packages?quantity=1").then().statusCode(200);
        String code = StackDatabase.newestTrackingCode(stack, "true");
        for (String path : List.of("/packages/" + code, "/simulation", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            assertThat(given().get(path).statusCode()).as("GET " + path).isEqualTo(200);
        }
    }

    @Test
    void theOpenApiDocumentDeclaresWhoMayCallWhat() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openapi.getString("components.securitySchemes.operator.type")).isEqualTo("http");
        assertThat(openapi.getString("components.securitySchemes.operator.scheme")).isEqualTo("basic");
        List<Map<String, Object>> operator = List.of(Map.of("operator", List.of()));
        for (String write : List.of("'/packages'.post", "'/movements'.post", "'/packages/{trackingCode}/movements'.post",
                "'/simulation'.post", "'/simulation'.delete")) {
            assertThat(openapi.getList("paths." + write + ".security")).as(write).isEqualTo(operator);
            assertThat(openapi.getMap("paths." + write + ".responses")).as(write).containsKey("401");
        }
        for (String read : List.of("'/packages/{trackingCode}'.get", "'/simulation'.get")) {
            assertThat(openapi.getList("paths." + read + ".security")).as(read).isEmpty();
        }
    }

    private static RequestSpecification asOperator() {
        return given().auth().preemptive().basic("operator", OPERATOR_PASSWORD);
    }

    private static io.restassured.response.Response call(RequestSpecification request, String[] write) {
        if (!write[2].isEmpty()) {
            request = request.contentType("application/json").body(write[2]);
        }
        return request.request(write[0], write[1]);
    }
}

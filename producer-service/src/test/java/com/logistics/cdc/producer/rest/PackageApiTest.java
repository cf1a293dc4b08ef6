package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.StackDatabase;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"))
class PackageApiTest {

    @InjectLocalStack
    LocalStack stack;

    @Test
    void postsTheRequestedNumberOfPackagesInOneRequest() throws Exception {
        long before = StackDatabase.count(stack, "true");
        given().queryParam("quantity", 25).when().post("/packages")
                .then().statusCode(200)
                .body("kind", is("posted"))
                .body("requested", is(25))
                .body("written", is(25))
                .body("rowsPerSecond", greaterThan(0f));
        assertThat(StackDatabase.count(stack, "true")).isEqualTo(before + 25);
        assertThat(StackDatabase.count(stack, "status = 'Package Posted' AND next_address IS NOT NULL")).isGreaterThanOrEqualTo(25);
    }

    @Test
    void quantityDefaultsToTen() throws Exception {
        long before = StackDatabase.count(stack, "true");
        given().when().post("/packages").then().statusCode(200).body("written", is(10));
        assertThat(StackDatabase.count(stack, "true")).isEqualTo(before + 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "1000001", "abc", "1.5", "99999999999"})
    void badQuantityIsAProblemNamingTheParameterAndItsLimitAndWritesNothing(String quantity) throws Exception {
        long before = StackDatabase.count(stack, "true");
        for (String path : new String[] {"/packages", "/movements"}) {
            given().queryParam("quantity", quantity).when().post(path)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", is(400))
                    .body("parameter", is("quantity"))
                    .body("limit", is("1..1000000"))
                    .body("detail", containsString("quantity must be a whole number from 1 to 1000000"));
        }
        assertThat(StackDatabase.count(stack, "true")).isEqualTo(before);
    }

    @Test
    void getsOnePackageByTrackingCode() throws Exception {
        given().queryParam("quantity", 1).post("/packages").then().statusCode(200);
        String code = StackDatabase.newestTrackingCode(stack, "status = 'Package Posted'");
        given().when().get("/packages/{code}", code)
                .then().statusCode(200)
                .body("trackingCode", is(code))
                .body("status", is("Package Posted"))
                .body("customerId", notNullValue())
                .body("actualAddress", notNullValue())
                .body("nextAddress", notNullValue())
                .body("version", is(0));
    }

    @Test
    void anUnknownPackageIsA404Problem() {
        given().when().get("/packages/{code}", "XX000000000BR")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("title", is("Unknown package"))
                .body("detail", containsString("XX000000000BR"));
        given().when().post("/packages/{code}/movements", "XX000000000BR").then().statusCode(404);
    }

    @Test
    void aTrackingCodeNoPackageCanHaveIsA400ProblemNamingItNotA500() throws Exception {
        long before = StackDatabase.count(stack, "true");
        for (String code : List.of("JT%00", "JT%01BR", "X".repeat(33))) {
            given().urlEncodingEnabled(false).when().get("/packages/" + code)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("parameter", is("trackingCode"))
                    .body("limit", is("1..32 characters"));
            given().urlEncodingEnabled(false).when().post("/packages/" + code + "/movements")
                    .then().statusCode(400).body("parameter", is("trackingCode"));
        }
        assertThat(StackDatabase.count(stack, "true")).as("nothing written").isEqualTo(before);
    }

    @Test
    void movesInFlightPackagesOneStepEachAndReportsHowMany() throws Exception {
        given().queryParam("quantity", 30).post("/packages").then().statusCode(200);
        long versionsBefore = StackDatabase.sum(stack, "version");
        given().queryParam("quantity", 5).when().post("/movements")
                .then().statusCode(200).body("kind", is("moved")).body("written", is(5));
        assertThat(StackDatabase.sum(stack, "version")).as("five packages, one step each").isEqualTo(versionsBefore + 5);
    }

    @Test
    void aPackageMovesStepByStepUntilDeliveredThenRefusesToMove() throws Exception {
        given().queryParam("quantity", 1).post("/packages").then().statusCode(200);
        String code = StackDatabase.newestTrackingCode(stack, "status = 'Package Posted'");
        String status = "Package Posted";
        String next = given().get("/packages/{code}", code).then().extract().path("nextAddress");
        int steps = 0;
        while (!status.equals("Package Delivered")) {
            var moved = given().when().post("/packages/{code}/movements", code).then().statusCode(200)
                    .body("actualAddress", equalTo(next)).extract();
            status = moved.path("status");
            next = moved.path("nextAddress");
            steps++;
        }
        given().get("/packages/{code}", code).then().body("nextAddress", nullValue()).body("version", is(steps));
        given().when().post("/packages/{code}/movements", code)
                .then().statusCode(409).contentType("application/problem+json").body("title", is("Package already delivered"));
    }

    @Test
    void movementsWithNothingInFlightWriteWhatThereIs() {
        given().queryParam("quantity", 1_000_000).when().post("/movements")
                .then().statusCode(200).body("requested", is(1_000_000)).body("written", org.hamcrest.Matchers.lessThan(1_000_000));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().accept(ContentType.JSON).when().get("/q/openapi")
                .then().statusCode(200).body(containsString("/packages/{trackingCode}")).body(containsString("/simulation"));
    }
}

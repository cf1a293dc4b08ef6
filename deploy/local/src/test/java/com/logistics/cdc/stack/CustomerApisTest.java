package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The customer API simulators: real WireMock servers, each slow in its own way, recording what they got. */
class CustomerApisTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachCustomerAnswersAfterItsDelayAndRecordsTheRequestUntilStopped() throws Exception {
        StackConfig config = StackConfig.throwAway(EnumSet.noneOf(Part.class));
        LocalStack stack = LocalStack.start(config);
        try {
            List<CustomerApis.Customer> customers = List.of(
                    new CustomerApis.Customer(1, StackConfig.freePort(), 50),
                    new CustomerApis.Customer(2, StackConfig.freePort(), 1_500));
            List<Long> pids = CustomerApis.start(stack, customers);
            assertThat(CustomerApis.start(stack, customers)).as("starting twice keeps the running ones").isEqualTo(pids);

            for (CustomerApis.Customer customer : customers) {
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(customer.baseUrl(config.host()) + "/package-status"))
                        .header("Content-Type", "application/json").header("Idempotency-Key", "42:package_status:7")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\": \"42:package_status:7\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(millis).as("customer " + customer.id() + " waits its delay").isGreaterThanOrEqualTo(customer.delayMillis());

                JsonNode journal = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                        URI.create(customer.baseUrl(config.host()) + "/__admin/requests")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(journal.path("requests")).hasSize(1);
                assertThat(journal.path("requests").get(0).path("request").path("headers").path("Idempotency-Key").asText())
                        .isEqualTo("42:package_status:7");
            }

            List<String> report = LocalStack.stop(config.home());
            assertThat(report).contains("customer-1 stopped (pid " + pids.get(0) + ")", "customer-2 stopped (pid " + pids.get(1) + ")");
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        } finally {
            stack.close();
            stack.deleteState();
        }
    }

    @Test
    void portsAndDelaysComeFromTheEnvironmentAndBadOnesAreNamed() {
        assertThat(CustomerApis.fromVariables(Map.<String, String>of()::get)).extracting(CustomerApis.Customer::port, CustomerApis.Customer::delayMillis)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(8091, 300), org.assertj.core.groups.Tuple.tuple(8092, 30_000),
                        org.assertj.core.groups.Tuple.tuple(8093, 300));
        assertThat(CustomerApis.fromVariables(Map.of("CUSTOMER_2_DELAY_MS", "5000")::get).get(1).delayMillis()).isEqualTo(5000);
        assertThatThrownBy(() -> CustomerApis.fromVariables(Map.of("CUSTOMER_3_PORT", "x")::get))
                .hasMessage("CUSTOMER_3_PORT=x must be a whole number from 1 to 65535");
    }
}

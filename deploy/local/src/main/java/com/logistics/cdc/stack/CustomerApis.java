package com.logistics.cdc.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The customers' HTTP APIs for the demo and the benchmarks: one WireMock standalone server per customer, each
 * answering {@code POST /package-status} after its own delay (about 300 ms for customers 1 and 3, 30 s for
 * customer 2) and recording every request in its journal ({@code GET /__admin/requests}).
 */
public final class CustomerApis {

    /** One simulated customer API. */
    public record Customer(int id, int port, int delayMillis) {

        public String baseUrl(String host) {
            return "http://" + host + ":" + port;
        }
    }

    private static final int[] DEFAULT_DELAYS = {300, 30_000, 300};

    private CustomerApis() {
    }

    /** Customers 1..3 on 8091..8093 unless CUSTOMER_<n>_PORT / CUSTOMER_<n>_DELAY_MS say otherwise. */
    public static List<Customer> fromEnvironment() {
        return fromVariables(System::getenv);
    }

    static List<Customer> fromVariables(Function<String, String> env) {
        List<Customer> customers = new ArrayList<>();
        for (int id = 1; id <= DEFAULT_DELAYS.length; id++) {
            customers.add(new Customer(id, number(env, "CUSTOMER_" + id + "_PORT", 8090 + id, 1, 65535),
                    number(env, "CUSTOMER_" + id + "_DELAY_MS", DEFAULT_DELAYS[id - 1], 0, 600_000)));
        }
        return customers;
    }

    /** Longer than any answer a simulator may be told to delay ({@code CUSTOMER_n_DELAY_MS}, 600 s at most). */
    static final int IDLE_TIMEOUT_MS = 660_000;

    /** Starts the simulators that are not running yet; returns their pids. */
    public static List<Long> start(LocalStack stack, List<Customer> customers) {
        List<Long> pids = new ArrayList<>();
        for (Customer customer : customers) {
            Path root = stack.config().home().resolve("customers").resolve(Integer.toString(customer.id()));
            writeMapping(root, customer);
            pids.add(stack.startProcess("customer-" + customer.id(), List.of("-Xmx256m", "-cp", ServerClasspath.wiremock(),
                            "wiremock.Run", "--port", Integer.toString(customer.port()),
                            "--bind-address", stack.config().host(), "--root-dir", root.toString(),
                            "--disable-banner", "--async-response-enabled=true", "--async-response-threads=200",
                            "--max-request-journal-entries=200000",
                            // Jetty's default, 30 s, closes a connection customer 2 holds for its 30 s answer, or one
                            // idle that long in the monitor's pool, just as it is used: retries, duplicates in make soak
                            "--jetty-idle-timeout=" + IDLE_TIMEOUT_MS), null,
                    new StackPort("customer " + customer.id() + " API", "CUSTOMER_" + customer.id() + "_PORT", customer.port()),
                    "/__admin/health", Map.of()));
        }
        return pids;
    }

    /** Answers 200 after the customer's delay; the delay does not hold a server thread (async responses). */
    private static void writeMapping(Path root, Customer customer) {
        try {
            Files.createDirectories(root.resolve("mappings"));
            Files.createDirectories(root.resolve("__files"));
            Files.writeString(root.resolve("mappings").resolve("package-status.json"), """
                    {
                      "request": { "method": "POST", "url": "/package-status" },
                      "response": {
                        "status": 200,
                        "fixedDelayMilliseconds": %d,
                        "headers": { "Content-Type": "application/json" },
                        "body": "{\\"received\\": true, \\"customer\\": %d}"
                      }
                    }
                    """.formatted(customer.delayMillis(), customer.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Function<String, String> env, String name, int fallback, int min, int max) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " must be a whole number from " + min + " to " + max);
        }
    }
}

package com.logistics.cdc.compose;

import com.logistics.cdc.stack.StackConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * deploy/compose/compose.yaml started through deploy/compose/compose.sh, exactly as {@code make compose-up} starts
 * it, under a project name of its own and on free ports, so it never meets a stack the user runs.
 */
final class ComposeProject implements AutoCloseable {

    static final Path ROOT = projectRoot();
    private static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.sh");

    private final Map<String, String> environment = new LinkedHashMap<>();

    ComposeProject(String name) throws IOException {
        environment.put("COMPOSE_PROJECT_NAME", name);
        for (String port : List.of("POSTGRES_PORT", "KAFKA_PORT", "CONNECT_PORT", "PRODUCER_PORT", "MONITOR_PORT",
                "CUSTOMER_1_PORT", "CUSTOMER_2_PORT", "CUSTOMER_3_PORT")) {
            environment.put(port, Integer.toString(StackConfig.freePort()));
        }
        for (int customer = 1; customer <= 3; customer++) { // what a Secret would hold: no log may show it
            environment.put("CUSTOMER_" + customer + "_AUTHORIZATION", "Bearer it-" + UUID.randomUUID());
        }
        // What changes state needs the operator's credentials, as in production (.env.example tells users how)
        environment.put("OPERATOR_AUTH_ENABLED", "true");
        environment.put("OPERATOR_PASSWORD", "it-" + UUID.randomUUID());
    }

    /** The password of user {@code operator}, which every call that changes state needs here. */
    String operatorPassword() {
        return environment.get("OPERATOR_PASSWORD");
    }

    /** The Authorization header of the operator, HTTP Basic. */
    String operatorAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                ("operator:" + operatorPassword()).getBytes(StandardCharsets.UTF_8));
    }

    String monitor() {
        return "http://127.0.0.1:" + port("MONITOR_PORT");
    }

    /** The Authorization value monitor-service sends to {@code customer}. */
    String authorization(int customer) {
        return environment.get("CUSTOMER_" + customer + "_AUTHORIZATION");
    }

    /** Every container's log so far. */
    String logs() {
        return run(Duration.ofMinutes(1), "logs", "--no-color");
    }

    int port(String variable) {
        return Integer.parseInt(environment.get(variable));
    }

    int customerPort(int customer) {
        return port("CUSTOMER_" + customer + "_PORT");
    }

    String producer() {
        return "http://127.0.0.1:" + port("PRODUCER_PORT");
    }

    /** Starts what is down; returns once the connector task runs and both services are ready. */
    void up() {
        run(Duration.ofMinutes(6), "up");
    }

    void down() {
        run(Duration.ofMinutes(3), "down");
    }

    /** SIGKILL to the service's container, as a crash would end it. */
    void kill(String service) {
        run(Duration.ofMinutes(1), "kill", "-s", "KILL", service);
    }

    /** A command in a running service's container; its standard output. */
    String exec(String service, String... command) {
        List<String> arguments = new ArrayList<>(List.of("exec", "-T", service));
        arguments.addAll(List.of(command));
        return run(Duration.ofMinutes(1), arguments.toArray(String[]::new));
    }

    /** One query to the project's PostgreSQL, rows as lines, columns separated by '|'. */
    List<String> sql(String query) {
        return exec("postgres", "psql", "-U", "postgres", "-d", "postgres", "-At", "-c", query).lines().toList();
    }

    /** The ids of the project's containers, exited ones included. */
    List<String> containers() {
        return run(Duration.ofMinutes(1), "ps", "--all", "--quiet").lines().filter(line -> !line.isBlank()).toList();
    }

    /** Removes every container, network and volume of the project (and the engine helpers compose.sh started). */
    @Override
    public void close() {
        run(Duration.ofMinutes(3), "clean");
    }

    String run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(COMPOSE.toString()));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("compose", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", arguments) + " did not end within " + timeout + ":\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError("compose.sh " + String.join(" ", arguments) + " failed (exit "
                            + process.exitValue() + "):\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path projectRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("deploy/compose/compose.yaml"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no deploy/compose/compose.yaml above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }
}

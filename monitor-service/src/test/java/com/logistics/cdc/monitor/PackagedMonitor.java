package com.logistics.cdc.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.QuarkusApp;
import com.logistics.cdc.stack.Readiness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged monitor-service (target/quarkus-app) as its own process, for the tests that kill it or see it refuse to start. */
public final class PackagedMonitor {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PackagedMonitor() {
    }

    /**
     * Starts it on {@code port} against the stack's Kafka, with {@code settings} added to its environment; the same
     * command as {@code make monitor-up} ({@link QuarkusApp}: with the AOT cache when the build recorded one).
     */
    public static Process start(LocalStack stack, int port, Map<String, String> settings) throws IOException {
        return command(stack.config().bootstrapServers(), port, settings).start();
    }

    /** The command of {@link #start}, against any Kafka; its output goes to the temporary file of {@code redirectOutput()}. */
    public static ProcessBuilder command(String bootstrapServers, int port, Map<String, String> settings) throws IOException {
        assertThat(JAR).exists();
        Path log = Files.createTempFile("monitor-service", ".log");
        ProcessBuilder builder = QuarkusApp.of(JAR).processBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "HTTP_HOST", "127.0.0.1",
                "HTTP_PORT", Integer.toString(port)));
        builder.environment().putAll(settings);
        return builder;
    }

    /** GET {@code path} of the monitor on {@code port}, read as JSON. */
    public static JsonNode json(int port, String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Waits (a minute at most) until its readiness check answers 200. */
    public static void awaitReady(int port) {
        Readiness.await("monitor-service", null, null, Readiness.of("127.0.0.1", port), Duration.ofSeconds(60));
    }
}

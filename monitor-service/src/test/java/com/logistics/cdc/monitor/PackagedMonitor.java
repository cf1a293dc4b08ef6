package com.logistics.cdc.monitor;

import com.logistics.cdc.stack.LocalStack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged monitor-service (target/quarkus-app) as its own process, for the tests that kill it. */
public final class PackagedMonitor {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PackagedMonitor() {
    }

    /** Starts it on {@code port} against the stack's Kafka, with {@code settings} added to its environment. */
    public static Process start(LocalStack stack, int port, Map<String, String> settings) throws IOException {
        assertThat(JAR).exists();
        Path log = Files.createTempFile("monitor-service", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", stack.config().bootstrapServers(),
                "HTTP_HOST", "127.0.0.1",
                "HTTP_PORT", Integer.toString(port)));
        builder.environment().putAll(settings);
        return builder.start();
    }

    /** Waits (a minute at most) until its readiness check answers 200. */
    public static void awaitReady(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("monitor-service not ready on port " + port);
    }
}

package com.logistics.cdc.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waiting for something just started to be ready: the one loop behind {@code make up}, {@code make monitor-up}, the
 * benchmarks and the tests that start a packaged service. It fails at once, with the end of the log, when the
 * process exits meanwhile, instead of waiting out the timeout.
 */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** A Quarkus service's readiness check on {@code host:port}. */
    public static URI of(String host, int port) {
        return URI.create("http://" + host + ":" + port + "/q/health/ready");
    }

    /** Waits until {@code url} answers 200 (see {@link #await(String, Process, Path, BooleanSupplier, Duration)}). */
    public static void await(String name, Process process, Path log, URI url, Duration timeout) {
        await(name, process, log, () -> answers200(url), timeout);
    }

    /**
     * Waits until {@code ready} holds; throws a {@link StackException} with the last lines of {@code log} when
     * {@code process} (when there is one) exits first, or after {@code timeout}.
     */
    public static void await(String name, Process process, Path log, BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (process != null && !process.isAlive()) {
                throw new StackException(name + " exited during start-up (exit code " + process.exitValue() + ")"
                        + (log == null ? "" : "\n" + Processes.tail(log, 30)));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackException(name + " not ready after " + timeout.toSeconds() + " s"
                        + (log == null ? "" : "\n" + Processes.tail(log, 30)));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for " + name, e);
            }
        }
    }

    /** Whether GET {@code url} answers 200 now. */
    public static boolean answers200(URI url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

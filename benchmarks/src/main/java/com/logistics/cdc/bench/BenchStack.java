package com.logistics.cdc.bench;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.StackConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A stack of its own for one benchmark run: the parts it needs on free ports in a temporary folder, with
 * producer-service on it. The rows and events a benchmark writes (hundreds of thousands) never reach the stack of
 * {@code make up}, whose monitor would otherwise deliver every one of them to the customers, for hours, and show
 * their age as its latency. Closing it stops everything by pid and deletes the folder; so does Ctrl-C, which also
 * stops what the benchmark itself had started.
 */
final class BenchStack implements AutoCloseable {

    private final LocalStack stack;
    private final String producerUrl;
    private final Thread onExit;

    private BenchStack(LocalStack stack, String producerUrl, Thread onExit) {
        this.stack = stack;
        this.producerUrl = producerUrl;
        this.onExit = onExit;
    }

    static BenchStack start(Set<Part> parts, Path producerJar) throws IOException {
        StackConfig config = StackConfig.throwAway(parts);
        long started = System.nanoTime();
        Thread onExit = new Thread(() -> { // Ctrl-C, or the benchmark failing on its way out
            stopAndDelete(config);
            LocalStack.stopChildren(); // a monitor or a console consumer it was timing: no finally runs on SIGTERM
        });
        Runtime.getRuntime().addShutdownHook(onExit);
        LocalStack stack = LocalStack.start(config);
        int port = StackConfig.freePort();
        stack.startService("producer-service", producerJar, port, Map.of("PRODUCER_GENERATION_ENABLED", "true"));
        System.out.printf("The benchmark's own stack (%s, producer-service) up in %.0f s, on free ports, state in %s%n",
                String.join(", ", parts.stream().map(Part::displayName).toList()), (System.nanoTime() - started) / 1e9,
                config.home());
        if (!LocalStack.runningParts(StackConfig.fromEnvironment().home()).isEmpty()) {
            System.out.println("(the stack of make up runs too: it is left alone, but whatever it does shares the cores)");
        }
        return new BenchStack(stack, "http://" + config.host() + ":" + port, onExit);
    }

    StackConfig config() {
        return stack.config();
    }

    String producerUrl() {
        return producerUrl;
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(onExit);
        stopAndDelete(stack.config());
    }

    private static void stopAndDelete(StackConfig config) {
        LocalStack.stop(config.home());
        LocalStack.attach(config).deleteState();
    }
}

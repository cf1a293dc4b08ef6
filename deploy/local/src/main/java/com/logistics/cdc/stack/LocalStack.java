package com.logistics.cdc.stack;

import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The local CDC stack: PostgreSQL, Kafka (KRaft) and Kafka Connect with Debezium, each a real server in its own
 * process, state in one folder ({@link StackConfig#home()}). Started by {@code make up} and by tests.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration KAFKA_START = Duration.ofSeconds(90);
    private static final Duration CONNECT_START = Duration.ofSeconds(120);
    private static final Duration CONNECTOR_START = Duration.ofSeconds(90);

    private final StackConfig config;
    private final PostgresServer postgres;

    private LocalStack(StackConfig config) {
        this.config = config;
        this.postgres = new PostgresServer(config);
    }

    /** Thrown by {@link #start} when the stack in that folder already runs. */
    public static final class AlreadyRunning extends StackException {
        AlreadyRunning(List<Part> parts, Path home) {
            super("The local stack is already running (" + parts.stream().map(Part::displayName).toList() + ", state in "
                    + home + ")");
        }
    }

    /**
     * Starts the configured parts and, with Connect, registers the connector and waits for it and its task to
     * run. Either everything starts or nothing is left running.
     */
    public static LocalStack start(StackConfig config) {
        List<Part> running = runningParts(config.home());
        if (!running.isEmpty()) {
            throw new AlreadyRunning(running, config.home());
        }
        PortGuard.requireFree(config.host(), config.ports());
        createDirectories(config.home().resolve("run"));
        config.save();

        LocalStack stack = new LocalStack(config);
        try {
            stack.startParts(List.copyOf(config.parts()));
            return stack;
        } catch (RuntimeException e) {
            stop(config.home());
            throw e;
        }
    }

    /**
     * {@code make up} on a stack that runs in part (a part crashed, or was killed): starts the parts that are down,
     * on the same data and ports, leaves those that run alone, then registers the connector again, which restarts
     * a failed task and waits until it runs. What Compose's {@code up} does for containers. Returns the parts it
     * started (none when everything ran).
     */
    public static List<Part> startWhatIsDown(StackConfig config) {
        List<Part> down = new ArrayList<>(config.parts());
        down.removeAll(runningParts(config.home()));
        PortGuard.requireFree(config.host(), config.ports(down));
        LocalStack stack = new LocalStack(config);
        stack.startParts(down);
        if (config.parts().contains(Part.CONNECT)) {
            stack.createConnector();
        }
        return down;
    }

    /** The configuration of the stack running in {@code home} (the one `make up` started), or a clear error. */
    public static StackConfig running(Path home) {
        StackConfig config = StackConfig.load(home)
                .orElseThrow(() -> new StackException("No local stack in " + home + ": run make up"));
        if (runningParts(home).isEmpty()) {
            throw new StackException("The local stack in " + home + " is not running: run make up");
        }
        return config;
    }

    /** A handle on a stack that already runs with this configuration (started by `make up`, say). */
    public static LocalStack attach(StackConfig config) {
        return new LocalStack(config);
    }

    /** Starts {@code parts} (the others run already, or are not configured), in the order they need each other. */
    private void startParts(List<Part> parts) {
        Process kafka = parts.contains(Part.KAFKA) ? new KafkaBroker(config).launch() : null;
        if (parts.contains(Part.POSTGRES)) {
            postgres.start();
            postgres.migrate();
        }
        if (kafka != null) {
            try (Admin admin = KafkaBroker.admin(config)) {
                await(Part.KAFKA, kafka, () -> KafkaBroker.ready(admin), KAFKA_START);
            }
        }
        if (parts.contains(Part.CONNECT)) {
            launchConnect();
            createConnector();
        }
    }

    /** Registers (or updates) the connector from its file and waits until it and its task run. */
    public ConnectorStatus createConnector() {
        ConnectClient.ConnectorDefinition connector = ConnectClient.ConnectorDefinition.read(config.connectorFile());
        try {
            ConnectClient client = connectClient();
            client.apply(connector);
            return client.awaitRunning(connector.name(), CONNECTOR_START);
        } catch (IOException e) {
            throw new StackException("Kafka Connect at " + config.connectUrl() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for the connector", e);
        }
    }

    /** Stops PostgreSQL alone, as an outage would; {@link #startPostgres()} brings it back on the same data. */
    public void stopPostgres() {
        postgres.stopStarted();
    }

    public void startPostgres() {
        PortGuard.requireFree(config.host(), List.of(config.ports().getFirst()));
        postgres.start();
    }

    /** Kills Kafka Connect (SIGKILL), as a crash would: no task stops cleanly, no offset is flushed. */
    public void killConnect() {
        ProcessHandle connect = Processes.alive(config.pidFile(Part.CONNECT), config.home())
                .orElseThrow(() -> new StackException("Kafka Connect is not running"));
        connect.destroyForcibly();
        connect.onExit().join();
    }

    /**
     * A fault as an operator meets it: sends {@code signal} to a running part and waits until it has exited.
     * {@code KILL} is a crash (nothing flushed); for PostgreSQL {@code INT} is its fast shutdown and {@code QUIT} its
     * immediate one (no checkpoint: the next start replays the WAL). {@link #startWhatIsDown} brings it back.
     */
    public void stopPart(Part part, String signal) {
        ProcessHandle process = Processes.alive(config.pidFile(part), config.home())
                .orElseThrow(() -> new StackException(part.displayName() + " is not running"));
        Processes.stop(process, signal, Duration.ofSeconds(60));
    }

    /** The same for a JVM of ours beside the stack (a service, a customer API simulator), by the name it runs as. */
    public void stopProcess(String name, String signal) {
        ProcessHandle process = Processes.alive(config.home().resolve("run").resolve(name + ".pid"), config.home())
                .orElseThrow(() -> new StackException(name + " is not running"));
        Processes.stop(process, signal, Duration.ofSeconds(60));
    }

    /** Starts Kafka Connect again; the connector, kept in Kafka, resumes from its last flushed offset. */
    public ConnectorStatus startConnect() {
        PortGuard.requireFree(config.host(), config.ports().stream().filter(port -> port.number() == config.connectPort()).toList());
        launchConnect();
        return createConnector();
    }

    private void launchConnect() {
        Process connect = new ConnectWorker(config).launch();
        await(Part.CONNECT, connect, connectClient()::ready, CONNECT_START);
    }

    public StackConfig config() {
        return config;
    }

    public ConnectClient connectClient() {
        return new ConnectClient(config.connectUrl());
    }

    /** The pid of each running part. */
    public Optional<Long> pid(Part part) {
        return Processes.alive(config.pidFile(part), config.home()).map(ProcessHandle::pid);
    }

    /** The pid of a JVM of ours running beside the stack in {@code home} (a service, a customer API simulator). */
    public static Optional<Long> pid(Path home, String name) {
        return Processes.alive(home.resolve("run").resolve(name + ".pid"), home).map(ProcessHandle::pid);
    }

    @Override
    public void close() {
        stop(config.home());
    }

    /** Removes the state folder (data, logs, pids) of a stopped stack. */
    public void deleteState() {
        if (!runningParts(config.home()).isEmpty()) {
            throw new StackException("Stop the stack before deleting its state in " + config.home());
        }
        try (var paths = Files.walk(config.home())) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one of our services ({@code java -jar}) against this stack, detached like the servers, and waits until
     * it is ready ({@code /q/health/ready}). {@link #stop(Path)} stops it before the stack.
     */
    public long startService(String name, Path jar, int port, Map<String, String> settings) {
        if (!Files.isRegularFile(jar)) {
            throw new StackException("No " + jar + ": build it first (make build)");
        }
        Map<String, String> environment = new HashMap<>(config.connectorEnvironment());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
        environment.put("HTTP_HOST", config.host());
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("OPERATOR_AUTH_ENABLED", "false"); // bound to 127.0.0.1: what changes state is open, as in dev
        environment.putAll(settings);
        QuarkusApp app = QuarkusApp.of(jar);
        return startProcess(name, app.arguments(), app.directory(), new StackPort(name,
                name.toUpperCase().replace('-', '_').replace("_SERVICE", "") + "_PORT", port), "/q/health/ready", environment);
    }

    /**
     * Starts a JVM of ours beside the stack (a service, a customer API simulator), detached like the servers,
     * and waits until {@code readyPath} answers 200 on its port; if it is already running, returns its pid.
     */
    long startProcess(String name, List<String> arguments, Path directory, StackPort port, String readyPath,
                      Map<String, String> environment) {
        Path pidFile = config.home().resolve("run").resolve(name + ".pid");
        Optional<ProcessHandle> running = Processes.alive(pidFile, config.home());
        if (running.isPresent()) {
            return running.get().pid();
        }
        PortGuard.requireFree(config.host(), List.of(port));
        Path log = config.home().resolve("logs").resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("-Dpackage-cdc.stack=" + config.home()));
        command.addAll(arguments);
        Process process = Processes.startJava(command, directory, log, environment);
        Processes.writePid(pidFile, process.pid());
        URI health = URI.create("http://" + config.host() + ":" + port.number() + readyPath);
        try {
            Readiness.await(name, process, log, health, Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            Processes.stop(process.toHandle(), "TERM", Duration.ofSeconds(10));
            Processes.deleteQuietly(pidFile);
            throw e;
        }
        return process.pid();
    }

    /**
     * Stops what this JVM started and has not stopped yet, by pid: TERM, then KILL after 10 s. For a shutdown hook,
     * after {@link #stop(Path)}: the processes a program started outside the stack (a service it measures, a client
     * it times) would otherwise outlive it, and wait forever for a Kafka that is gone.
     */
    public static void stopChildren() {
        ProcessHandle.current().children().forEach(child -> Processes.stop(child, "TERM", Duration.ofSeconds(10)));
    }

    /** Stops every part started in {@code home}, by pid: services first, then Connect, Kafka, PostgreSQL. */
    public static List<String> stop(Path home) {
        List<String> report = new ArrayList<>(stopServices(home));
        List<Part> order = new ArrayList<>(List.of(Part.values()));
        order.sort(Comparator.reverseOrder());
        for (Part part : order) {
            Path pidFile = home.resolve("run").resolve(part.id() + ".pid");
            Optional<ProcessHandle> process = Processes.alive(pidFile, home);
            if (process.isPresent()) {
                long pid = process.get().pid();
                boolean graceful = part == Part.POSTGRES
                        ? PostgresServer.stop(process.get())
                        : Processes.stop(process.get(), "TERM", Duration.ofSeconds(30));
                report.add(part.displayName() + " stopped (pid " + pid + (graceful ? ")" : ", killed after 30 s)"));
            } else if (Files.exists(pidFile)) {
                report.add(part.displayName() + " was not running (it had stopped or crashed)");
            }
            deleteIfExists(pidFile);
        }
        return report;
    }

    private static List<String> stopServices(Path home) {
        List<String> report = new ArrayList<>();
        Path run = home.resolve("run");
        if (!Files.isDirectory(run)) {
            return report;
        }
        List<String> partFiles = java.util.Arrays.stream(Part.values()).map(p -> p.id() + ".pid").toList();
        try (var files = Files.list(run)) {
            for (Path pidFile : files.filter(f -> !partFiles.contains(f.getFileName().toString())).sorted().toList()) {
                String name = pidFile.getFileName().toString().replace(".pid", "");
                Optional<ProcessHandle> process = Processes.alive(pidFile, home);
                if (process.isPresent()) {
                    Processes.stop(process.get(), "TERM", Duration.ofSeconds(30));
                    report.add(name + " stopped (pid " + process.get().pid() + ")");
                }
                deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    /** Parts whose recorded process is alive. */
    public static List<Part> runningParts(Path home) {
        List<Part> parts = new ArrayList<>();
        for (Part part : Part.values()) {
            if (Processes.alive(home.resolve("run").resolve(part.id() + ".pid"), home).isPresent()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private void await(Part part, Process process, BooleanSupplier ready, Duration timeout) {
        Readiness.await(part.displayName(), process, config.logFile(part), ready, timeout);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.logistics.cdc.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Where the local stack keeps its state and which ports it uses. Defaults follow the product contract;
 * every value can be overridden by an environment variable.
 */
public record StackConfig(
        Path home,
        Set<Part> parts,
        String host,
        int postgresPort,
        String database,
        String user,
        String password,
        int kafkaPort,
        int controllerPort,
        int connectPort,
        Path connectorFile,
        Path migrations) {

    public static final String CONNECTOR_FILE = "deploy/debezium/package-status-connector.json";
    public static final String STATE_FILE = "stack.properties";
    public static final String MIGRATIONS_DIR = "producer-service/src/main/resources/db/migration";
    /** Where Kafka Connect commits the connectors' source offsets (its {@code offset.storage.topic}). */
    public static final String CONNECT_OFFSETS_TOPIC = "connect-offsets";

    public StackConfig {
        parts = Set.copyOf(parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts));
        requireConsistent(parts);
    }

    private static void requireConsistent(Set<Part> parts) {
        if (parts.contains(Part.CONNECT) && !parts.contains(Part.KAFKA)) {
            throw new StackException("Kafka Connect needs Kafka: add the kafka part");
        }
        if (parts.contains(Part.CONNECT) && !parts.contains(Part.POSTGRES)) {
            throw new StackException("The Debezium connector needs PostgreSQL: add the postgres part");
        }
    }

    /** The configuration `make up` uses: the contract's defaults, overridden by the environment. */
    public static StackConfig fromEnvironment() {
        return fromVariables(System::getenv);
    }

    static StackConfig fromVariables(Function<String, String> env) {
        Path root = projectRoot();
        return new StackConfig(
                Path.of(orDefault(env, "STACK_HOME", defaultHome(env).toString())).toAbsolutePath(),
                EnumSet.allOf(Part.class),
                "127.0.0.1",
                port(env, "POSTGRES_PORT", 5432),
                orDefault(env, "POSTGRES_DB", "postgres"),
                orDefault(env, "POSTGRES_USER", "postgres"),
                orDefault(env, "POSTGRES_PASSWORD", "postgres"),
                port(env, "KAFKA_PORT", 9092),
                port(env, "KAFKA_CONTROLLER_PORT", 9093),
                port(env, "CONNECT_PORT", 8083),
                Path.of(orDefault(env, "CONNECTOR_CONFIG", root.resolve(CONNECTOR_FILE).toString())),
                Path.of(orDefault(env, "MIGRATIONS_DIR", root.resolve(MIGRATIONS_DIR).toString())));
    }

    /** A stack of only the given parts, on free ports, in a fresh directory: for tests and benchmarks. */
    public static StackConfig throwAway(Set<Part> parts) {
        requireConsistent(parts);
        try {
            Path root = projectRoot();
            Path home = Files.createTempDirectory("local-stack-");
            return new StackConfig(home, parts, "127.0.0.1", freePort(), "postgres", "postgres", "postgres",
                    freePort(), freePort(), freePort(),
                    root.resolve(CONNECTOR_FILE), root.resolve(MIGRATIONS_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StackConfig withHome(Path newHome) {
        return new StackConfig(newHome, parts, host, postgresPort, database, user, password, kafkaPort,
                controllerPort, connectPort, connectorFile, migrations);
    }

    public StackConfig withPorts(int postgres, int kafka, int controller, int connect) {
        return new StackConfig(home, parts, host, postgres, database, user, password, kafka, controller, connect,
                connectorFile, migrations);
    }

    /** Records what `make up` started with, so `status`, `down` and the benchmarks find it whatever the shell. */
    public void save() {
        Properties state = new Properties();
        state.setProperty("parts", String.join(",", parts.stream().map(Part::id).sorted().toList()));
        state.setProperty("host", host);
        state.setProperty("postgres.port", Integer.toString(postgresPort));
        state.setProperty("postgres.database", database);
        state.setProperty("postgres.user", user);
        state.setProperty("postgres.password", password);
        state.setProperty("kafka.port", Integer.toString(kafkaPort));
        state.setProperty("kafka.controller.port", Integer.toString(controllerPort));
        state.setProperty("connect.port", Integer.toString(connectPort));
        state.setProperty("connector.file", connectorFile.toString());
        state.setProperty("migrations", migrations.toString());
        try {
            Files.createDirectories(home);
            try (var out = Files.newBufferedWriter(home.resolve(STATE_FILE))) {
                state.store(out, "local stack state: written by make up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration a stack in {@code home} was started with, if it was. */
    public static Optional<StackConfig> load(Path home) {
        Path file = home.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties state = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            state.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String id : state.getProperty("parts", "").split(",")) {
            for (Part part : Part.values()) {
                if (part.id().equals(id)) {
                    parts.add(part);
                }
            }
        }
        return Optional.of(new StackConfig(home, parts, state.getProperty("host"),
                Integer.parseInt(state.getProperty("postgres.port")), state.getProperty("postgres.database"),
                state.getProperty("postgres.user"), state.getProperty("postgres.password"),
                Integer.parseInt(state.getProperty("kafka.port")),
                Integer.parseInt(state.getProperty("kafka.controller.port")),
                Integer.parseInt(state.getProperty("connect.port")),
                Path.of(state.getProperty("connector.file")), Path.of(state.getProperty("migrations"))));
    }

    /** The ports the selected parts will listen on. */
    public List<StackPort> ports() {
        return ports(List.copyOf(parts));
    }

    /** The ports of some of the parts. */
    public List<StackPort> ports(java.util.Collection<Part> parts) {
        List<StackPort> ports = new ArrayList<>();
        if (parts.contains(Part.POSTGRES)) {
            ports.add(new StackPort("PostgreSQL", "POSTGRES_PORT", postgresPort));
        }
        if (parts.contains(Part.KAFKA)) {
            ports.add(new StackPort("Kafka", "KAFKA_PORT", kafkaPort));
            ports.add(new StackPort("Kafka controller", "KAFKA_CONTROLLER_PORT", controllerPort));
        }
        if (parts.contains(Part.CONNECT)) {
            ports.add(new StackPort("Kafka Connect REST", "CONNECT_PORT", connectPort));
        }
        return ports;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + postgresPort + "/" + database;
    }

    public String bootstrapServers() {
        return host + ":" + kafkaPort;
    }

    public String connectUrl() {
        return "http://" + host + ":" + connectPort;
    }

    public Path logFile(Part part) {
        return home.resolve("logs").resolve(part.id() + ".log");
    }

    public Path pidFile(Part part) {
        return home.resolve("run").resolve(part.id() + ".pid");
    }

    /** Environment of the Connect worker: the connector config reads the database from it (${env:...}). */
    public Map<String, String> connectorEnvironment() {
        return Map.of(
                "POSTGRES_HOST", host,
                "POSTGRES_PORT", Integer.toString(postgresPort),
                "POSTGRES_DB", database,
                "POSTGRES_USER", user,
                "POSTGRES_PASSWORD", password);
    }

    /** The repository root: where the connector config and the migrations live. */
    public static Path projectRoot() {
        String explicit = System.getProperty("stack.project-root", System.getenv("PROJECT_ROOT"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CONNECTOR_FILE))) {
                return dir;
            }
        }
        throw new StackException("Cannot find the project root (a folder holding " + CONNECTOR_FILE
                + ") above " + Path.of("").toAbsolutePath() + "; set PROJECT_ROOT");
    }

    private static Path defaultHome(Function<String, String> env) {
        String cache = env.apply("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("package-cdc").resolve("stack");
    }

    private static String orDefault(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(Function<String, String> env, String name, int fallback) {
        String value = orDefault(env, name, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a TCP port (1-65535)");
        }
    }

    /** Every port {@link #freePort()} handed out in this JVM: never handed out twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int LINUX_FIRST_EPHEMERAL_PORT = 32_768;

    /**
     * A TCP port nothing listens on right now on the loopback address, below the kernel's range of ephemeral ports
     * and never handed out before by this JVM. A port the kernel picks (bind to 0) is an ephemeral one: it can be
     * given to any outgoing connection before the server that was meant to get it binds it ("address already in
     * use", seen in CI); a port below that range goes only to a server that asks for it by number.
     */
    public static int freePort() throws IOException {
        int firstEphemeral = firstEphemeralPort();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = 10_000 + ThreadLocalRandom.current().nextInt(firstEphemeral - 10_000);
            if (HANDED_OUT.add(candidate) && PortGuard.free("127.0.0.1", candidate)) {
                return candidate;
            }
        }
        throw new IOException("No free port between 10000 and " + firstEphemeral + " on 127.0.0.1");
    }

    /** The first of the kernel's ephemeral ports (read line by line: a /proc file has no size to read it by). */
    static int firstEphemeralPort() {
        try (var reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            int first = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            return first > 11_000 ? first : LINUX_FIRST_EPHEMERAL_PORT;
        } catch (IOException | RuntimeException e) {
            return LINUX_FIRST_EPHEMERAL_PORT;
        }
    }
}

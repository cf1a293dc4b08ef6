package com.logistics.cdc.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** {@code make up|down|status|create-connector|clean|generate|watch}: the local stack from a terminal. */
public final class StackCli {


    private StackCli() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            int exit = run(command, args);
            System.exit(exit);
        } catch (StackException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("ERROR: " + e);
            System.exit(1);
        }
    }

    static int run(String command, String[] args) throws Exception {
        StackConfig requested = StackConfig.fromEnvironment();
        Path home = requested.home();
        switch (command) {
            case "up" -> {
                return up(requested);
            }
            case "down" -> {
                List<String> report = LocalStack.stop(home);
                report.forEach(System.out::println);
                System.out.println(report.isEmpty() ? "Nothing was running in " + home : "Local stack stopped.");
            }
            case "status" -> {
                return status(home);
            }
            case "create-connector" -> {
                StackConfig config = LocalStack.running(home);
                ConnectorStatus status = LocalStack.attach(config).createConnector();
                System.out.println(status.summary());
            }
            case "clean" -> {
                LocalStack.stop(home).forEach(System.out::println);
                if (Files.exists(home)) {
                    LocalStack.attach(StackConfig.load(home).orElse(requested.withHome(home))).deleteState();
                }
                System.out.println("Removed " + home);
            }
            case "home" -> System.out.println(home);
            case "customers-up" -> {
                List<CustomerApis.Customer> customers = CustomerApis.fromEnvironment();
                List<Long> pids = CustomerApis.start(LocalStack.attach(LocalStack.running(home)), customers);
                for (int i = 0; i < customers.size(); i++) {
                    CustomerApis.Customer customer = customers.get(i);
                    System.out.printf("%-14s up    pid %-7d %s/package-status (answers after %d ms)%n", "customer-" + customer.id(),
                            pids.get(i), customer.baseUrl(requested.host()), customer.delayMillis());
                }
            }
            case "service-up" -> {
                if (args.length < 4) {
                    System.err.println("usage: StackCli service-up <name> <jar> <port>");
                    return 2;
                }
                int port = Integer.parseInt(args[3]);
                long pid = LocalStack.attach(LocalStack.running(home)).startService(args[1], Path.of(args[2]), port,
                        Map.of("PRODUCER_GENERATION_ENABLED", "true", // producer-service: POST /packages etc. allowed
                                "PRODUCER_URL", producerUrl())); // monitor-service: the replication slot's figures
                System.out.printf("%-14s up    pid %-7d http://%s:%d%n", args[1], pid, requested.host(), port);
            }
            case "generate" -> {
                int quantity = args.length > 1 ? Integer.parseInt(args[1]) : 10;
                // --compose: the product runs in containers (make compose-demo), on the contract's ports
                boolean compose = args.length > 2 && args[2].equals("--compose");
                return GenerateMovements.run(compose ? requested : LocalStack.running(home), producerUrl(), quantity, System.out);
            }
            case "post" -> {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(args[1])).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                System.out.println(response.body());
                return response.statusCode() / 100 == 2 ? 0 : 1;
            }
            case "follow" -> {
                String url = args.length > 1 ? args[1] : "http://127.0.0.1:8081/movements/stream";
                return MovementFeed.follow(url, System.out);
            }
            case "watch" -> {
                int max = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
                long idleSeconds = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE / 2000;
                System.out.println("Change events in " + Topics.CHANGES + " (Ctrl-C to stop):");
                int printed = ChangeEventPrinter.print(LocalStack.running(home), Topics.CHANGES, max, Duration.ofSeconds(idleSeconds), System.out);
                System.out.println(printed + " events");
            }
            case "ledger" -> {
                StackConfig running = LocalStack.running(home);
                Map<Integer, String> customers = new TreeMap<>();
                CustomerApis.fromEnvironment().forEach(customer -> customers.put(customer.id(), customer.baseUrl(running.host())));
                Ledger.Report report = new Ledger(running, customers, args.length > 1 ? args[1] : "").check();
                report.print(System.out);
                System.out.println(report.holds() ? "Nothing lost, nothing out of order." : "The ledger does not hold.");
                return report.holds() ? 0 : 1;
            }
            default -> {
                System.out.println("usage: StackCli up|down|status|create-connector|clean|home|generate [n] [--compose]|service-up <name> <jar> <port>|watch [max] [idle-seconds]|ledger [tracking-code-prefix]");
                return "help".equals(command) ? 0 : 2;
            }
        }
        return 0;
    }

    /** Where producer-service answers: {@code PRODUCER_URL}, or the contract's port ({@code PRODUCER_PORT}). */
    private static String producerUrl() {
        return System.getenv().getOrDefault("PRODUCER_URL",
                "http://127.0.0.1:" + System.getenv().getOrDefault("PRODUCER_PORT", "8080"));
    }

    /** Starts the stack; on a stack that runs in part, starts what is down (the servers outlive this command). */
    private static int up(StackConfig requested) {
        long started = System.nanoTime();
        List<Part> running = LocalStack.runningParts(requested.home());
        if (running.isEmpty()) {
            LocalStack.start(requested);
            System.out.printf("Local stack up in %.1f s (state in %s)%n", (System.nanoTime() - started) / 1e9, requested.home());
        } else {
            StackConfig config = StackConfig.load(requested.home()).orElse(requested);
            System.out.println("The local stack is already running (" + running.stream().map(Part::displayName).toList()
                    + ", state in " + config.home() + "); starting what is down, if anything, and checking the connector");
            List<Part> startedNow = LocalStack.startWhatIsDown(config);
            System.out.printf(startedNow.isEmpty() ? "Every part was running%n" : "Started %s again in %.1f s%n",
                    startedNow.stream().map(Part::displayName).toList(), (System.nanoTime() - started) / 1e9);
        }
        return status(requested.home());
    }


    static int status(Path home) {
        StackConfig config = StackConfig.load(home).orElse(null);
        if (config == null) {
            System.out.println("No local stack in " + home + " (make up starts one)");
            return 0;
        }
        List<Part> running = LocalStack.runningParts(home);
        for (Part part : Part.values()) {
            if (!config.parts().contains(part)) {
                continue;
            }
            int port = switch (part) {
                case POSTGRES -> config.postgresPort();
                case KAFKA -> config.kafkaPort();
                case CONNECT -> config.connectPort();
            };
            boolean up = running.contains(part);
            String pid = Processes.readPid(config.pidFile(part)).map(p -> "pid " + p).orElse("");
            System.out.printf("%-14s %-5s %-11s %s:%d%s%n", part.displayName(), up ? "up" : "down", up ? pid : "",
                    config.host(), port, up && !listening(config.host(), port) ? "  (not answering yet)" : "");
        }
        printServices(config);
        if (running.contains(Part.CONNECT)) {
            try {
                String name = ConnectClient.ConnectorDefinition.read(config.connectorFile()).name();
                ConnectorStatus status = new ConnectClient(config.connectUrl()).status(name);
                System.out.println("Connector      " + status.summary());
                if (status.anyTaskFailed()) {
                    System.out.println(status.firstTrace().lines().limit(5).reduce("", (a, b) -> a + "  " + b + "\n"));
                }
            } catch (IOException e) {
                System.out.println("Connector      unknown (" + e.getMessage() + ")");
            }
        }
        if (running.contains(Part.KAFKA)) {
            printTopicOffsets(config);
        }
        return 0;
    }

    private static void printServices(StackConfig config) {
        Path run = config.home().resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        try (var files = Files.list(run)) {
            for (Path pidFile : files.sorted().toList()) {
                String name = pidFile.getFileName().toString().replace(".pid", "");
                if (java.util.Arrays.stream(Part.values()).anyMatch(p -> p.id().equals(name))) {
                    continue;
                }
                var process = Processes.alive(pidFile, config.home());
                System.out.printf("%-14s %-5s %s%n", name, process.isPresent() ? "up" : "down",
                        process.map(p -> "pid " + p.pid()).orElse(""));
            }
        } catch (IOException e) {
            System.out.println("services       unknown (" + e.getMessage() + ")");
        }
    }

    private static void printTopicOffsets(StackConfig config) {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            List<String> topics = admin.listTopics().names().get(5, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith("dbserver1.") || name.startsWith("package-status")).sorted().toList();
            if (topics.isEmpty()) {
                System.out.println("Topics         none yet (" + Topics.CHANGES + " appears with the first change)");
                return;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            var offsets = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
            offsets.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<TopicPartition, ?> e) -> e.getKey().topic())
                            .thenComparing(e -> e.getKey().partition()))
                    .forEach(e -> System.out.printf("Topic          %s-%d: end offset %d%n", e.getKey().topic(),
                            e.getKey().partition(), e.getValue().offset()));
        } catch (Exception e) {
            System.out.println("Topics         unknown (" + e.getMessage() + ")");
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

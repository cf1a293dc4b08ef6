package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.dockerjava.api.model.ExposedPort;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.devservices.deployment.compose.ComposeFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack {@code quarkus dev} starts with a container engine (deploy/compose/compose-devservices.yml), read as
 * Quarkus reads it and checked against what it must agree with: the Compose Specification, the images the project
 * builds, the contract's ports, the connector of the repository and the local stack's simulators. Starting it for
 * real is ComposeDevServicesIT's job (producer-service); compose.yaml's is ComposeProductIT's (deploy/containers).
 */
class ComposeDevServicesTest {

    private static final String COMPOSE_FILE = "deploy/compose/compose-devservices.yml";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Z_]+)}");

    private final Path root = StackConfig.projectRoot();
    private final Path composeFile = root.resolve(COMPOSE_FILE);
    private final JsonNode compose = readYaml(composeFile);
    /** The file as Quarkus's Compose Dev Services read it. */
    private final ComposeFiles asQuarkusReadsIt = new ComposeFiles(List.of(composeFile.toFile()));
    private final StackConfig defaults = StackConfig.fromVariables(name -> null);

    @Test
    void bothComposeFilesConformToTheComposeSpecification() {
        for (Path file : List.of(composeFile, root.resolve("deploy/compose/compose.yaml"))) {
            List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"))
                    .validate(readYaml(file));
            assertThat(errors).as(file.toString()).isEmpty();
        }
    }

    @Test
    void quarkusReadsItAsOneProjectWithItsPortsAndHealthchecks() {
        assertThat(asQuarkusReadsIt.getProjectName()).isEqualTo(compose.path("name").asText());

        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        List<String> waitedForByHealthcheck = new ArrayList<>();
        asQuarkusReadsIt.getServiceDefinitions().forEach((name, service) -> {
            ports.put(name, service.getPorts().stream().map(ExposedPort::getPort).toList());
            if (service.hasHealthCheck()) {
                waitedForByHealthcheck.add(name);
            }
        });
        assertThat(ports).containsOnly(Map.entry("postgres", List.of(5432)),
                Map.entry("kafka", List.of(9092)), Map.entry("connect", List.of(8083)),
                Map.entry("create-connector", List.of()), Map.entry("customer-1", List.of(8080)),
                Map.entry("customer-2", List.of(8080)), Map.entry("customer-3", List.of(8080)));
        // the customers are waited for by their listening port
        assertThat(waitedForByHealthcheck).containsExactlyInAnyOrder("postgres", "kafka", "connect", "create-connector");
    }

    @Test
    void bothServicesStartItInDevModeOnly() throws IOException {
        for (String service : List.of("producer-service", "monitor-service")) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(root.resolve(service).resolve("src/main/resources/application.properties"))) {
                properties.load(reader);
            }
            String files = properties.getProperty("%dev.quarkus.compose.devservices.files");
            assertThat(files).as(service + ": %dev.quarkus.compose.devservices.files").isNotNull();
            assertThat(root.resolve(service).resolve(files).normalize()).as(service).isEqualTo(composeFile.normalize());
            assertThat(properties.getProperty("%test.quarkus.compose.devservices.enabled")).as(service + " in tests").isEqualTo("false");
            assertThat(properties.getProperty("%local.quarkus.compose.devservices.enabled")).as(service + " on make up's stack").isEqualTo("false");
        }
        assertThat(compose.path("name").asText()).as("one project, shared by both services").isNotBlank();
    }

    @Test
    void quarkusFindsPostgresAndKafkaByImageAndPortAndNothingElseLooksLikeThem() throws IOException {
        assertThat(servicesMatching("postgres", 5432)).containsExactly("postgres");
        assertThat(servicesMatching("kafka", 9092)).containsExactly("kafka");
        // Quarkus's port filter lets any service through: the image names alone must single them out
        assertThat(servicesMatching("postgres", -1)).containsExactly("postgres");
        assertThat(servicesMatching("kafka", -1)).containsExactly("kafka");

        JsonNode postgres = service("postgres");
        assertThat(environment(postgres)).containsEntry("POSTGRES_USER", defaults.user())
                .containsEntry("POSTGRES_PASSWORD", defaults.password()).containsEntry("POSTGRES_DB", defaults.database());
        assertThat(Files.readString(root.resolve("deploy/containers/postgres/entrypoint.sh"))).contains("wal_level=logical");

        // Quarkus hands the services localhost:<published port>: the broker must advertise a loopback address there
        assertThat(environment(service("kafka")).get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("EXTERNAL://127.0.0.1:" + defaults.kafkaPort());
    }

    @Test
    void publishesTheContractsPortsOnLoopbackOnly() {
        Map<String, Integer> published = new LinkedHashMap<>();
        compose.path("services").properties().forEach(entry -> entry.getValue().path("ports").forEach(port -> {
            String[] parts = port.asText().split(":");
            assertThat(parts).as(entry.getKey() + " " + port.asText()).hasSize(3);
            assertThat(parts[0]).as(entry.getKey() + " binds").isEqualTo("127.0.0.1");
            published.put(entry.getKey(), Integer.parseInt(parts[1]));
        }));
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("postgres", defaults.postgresPort());
        expected.put("kafka", defaults.kafkaPort());
        expected.put("connect", defaults.connectPort());
        CustomerApis.fromVariables(name -> null).forEach(customer -> expected.put("customer-" + customer.id(), customer.port()));
        assertThat(published).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void runsTheImagesTheProjectBuildsAndNoOther() throws IOException {
        String images = Files.readString(root.resolve("deploy/containers/images.sh"));
        compose.path("services").properties().forEach(entry -> {
            String image = entry.getValue().path("image").asText();
            assertThat(image).as(entry.getKey()).startsWith("localhost/package-cdc/").endsWith(":${IMAGE_TAG:-1.0.0-SNAPSHOT}");
            String part = image.substring("localhost/package-cdc/".length(), image.indexOf(':'));
            assertThat(images).as("images.sh builds " + part).contains(" " + part + " ");
        });
        assertThat(image("create-connector")).isEqualTo(image("connect"));
    }

    @Test
    void connectRunsTheRepositorysConnectorWithEveryVariableItReads() throws IOException {
        assertThat(hostPath(service("create-connector"), "/connector/package-status-connector.json"))
                .isEqualTo(root.resolve(StackConfig.CONNECTOR_FILE).normalize());

        Map<String, String> connect = environment(service("connect"));
        List<String> referenced = new ArrayList<>();
        ConnectClient.ConnectorDefinition.read(root.resolve(StackConfig.CONNECTOR_FILE)).config().values().forEach(value -> {
            Matcher matcher = ENV_REFERENCE.matcher(value);
            while (matcher.find()) {
                referenced.add(matcher.group(1));
            }
        });
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(defaults.connectorEnvironment().keySet());
        assertThat(connect).containsKeys(referenced.toArray(String[]::new))
                .containsEntry("POSTGRES_HOST", "postgres")
                .containsEntry("POSTGRES_PORT", "5432")
                .containsEntry("POSTGRES_USER", defaults.user())
                .containsEntry("POSTGRES_PASSWORD", defaults.password())
                .containsEntry("POSTGRES_DB", defaults.database())
                .containsEntry("CONNECT_BOOTSTRAP_SERVERS", "kafka:29092");
        assertThat(environment(service("kafka")).get("KAFKA_ADVERTISED_LISTENERS")).contains("://kafka:29092");
        // the worker settings the connector and the tests rely on, as ConnectWorker writes them, are the image's
        assertThat(Files.readString(root.resolve("deploy/containers/connect/Containerfile")))
                .contains("CONNECT_OFFSET_STORAGE_TOPIC=" + StackConfig.CONNECT_OFFSETS_TOPIC)
                .contains("CONNECT_OFFSET_FLUSH_INTERVAL_MS=1000")
                .contains("CONNECT_CONFIG_PROVIDERS=env")
                .contains("CONNECT_CONFIG_PROVIDERS_ENV_CLASS=org.apache.kafka.common.config.provider.EnvVarConfigProvider")
                .contains("CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY=All");
    }

    @Test
    void theOneShotRegistrationStaysUpAndSaysWhenItIsDone() {
        // Quarkus fails a project's start when one of its containers has exited, and waits for healthchecks
        JsonNode oneShot = service("create-connector");
        assertThat(String.join(" ", texts(oneShot.path("entrypoint")))).endsWith("exec sleep infinity");
        assertThat(oneShot.path("init").asBoolean()).as("init (signals reach sleep)").isTrue();
        assertThat(oneShot.path("healthcheck").path("test").isEmpty()).as("healthcheck").isFalse();
    }

    @Test
    void customerSimulatorsAnswerAfterTheLocalStacksDelays() throws IOException {
        for (CustomerApis.Customer customer : CustomerApis.fromVariables(name -> null)) {
            JsonNode simulator = service("customer-" + customer.id());
            JsonNode mapping = readYaml(hostPath(simulator, "/home/wiremock/mappings").resolve("package-status.json"));
            assertThat(mapping.path("request").path("url").asText()).isEqualTo("/package-status");
            assertThat(mapping.path("response").path("fixedDelayMilliseconds").asInt()).as("customer " + customer.id())
                    .isEqualTo(customer.delayMillis());
        }
        assertThat(Files.readString(root.resolve("deploy/containers/customer-api/Containerfile")))
                .contains("--async-response-enabled=true");
    }

    /** The services whose image names {@code imagePart} and that publish {@code containerPort} (any when < 0). */
    private List<String> servicesMatching(String imagePart, int containerPort) {
        List<String> names = new ArrayList<>();
        asQuarkusReadsIt.getServiceDefinitions().forEach((name, service) -> {
            boolean publishes = containerPort < 0 || service.getPorts().stream().anyMatch(port -> port.getPort() == containerPort);
            if (publishes && image(name).contains(imagePart)) {
                names.add(name);
            }
        });
        return names;
    }

    private JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isObject()).as("service " + name).isTrue();
        return service;
    }

    private String image(String service) {
        return service(service).path("image").asText();
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        service.path("environment").properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        return environment;
    }

    /** The host path of the service's volume mounted at the given container path, relative to the file's folder. */
    private Path hostPath(JsonNode service, String containerPath) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[1].equals(containerPath)) {
                return composeFile.getParent().resolve(parts[0]).normalize();
            }
        }
        throw new AssertionError("no volume at " + containerPath + " in " + service);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText().strip()));
        return texts;
    }

    private static JsonNode readYaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}

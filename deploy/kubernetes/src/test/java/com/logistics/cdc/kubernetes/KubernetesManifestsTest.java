package com.logistics.cdc.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes as `kubectl apply -k` would take it: both overlays build, every object loads into its typed model
 * with no unknown field, every workload holds the policies, no committed file holds a secret, and the connector is
 * the one of deploy/debezium. {@link ManifestChecksTest} shows that each check fails on a mistake.
 */
class KubernetesManifestsTest {

    private static Path copy;
    private static final Map<String, List<JsonNode>> BUILT = new HashMap<>();

    @BeforeAll
    static void buildBothOverlays() throws IOException {
        copy = Kustomize.copyOfManifests();
        for (String overlay : List.of("dev", "prod")) {
            BUILT.put(overlay, Manifests.parse(Kustomize.build(copy, overlay)));
        }
    }

    @AfterAll
    static void deleteTheCopy() throws IOException {
        if (copy != null) {
            Kustomize.delete(copy);
        }
    }

    static List<JsonNode> built(String overlay) {
        return BUILT.get(overlay);
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(object -> object.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectLoadsIntoItsTypedModelWithNoUnknownField(String overlay) {
        assertThat(built(overlay)).hasSizeGreaterThan(20);
        assertThat(Manifests.typedModelFindings(built(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadHasProbesResourcesAHardenedContextAndAPinnedImage(String overlay) {
        assertThat(ofKind(built(overlay), "Deployment")).extracting(Manifests::name)
                .contains("Deployment/producer-service", "Deployment/monitor-service");
        assertThat(Policies.findings(built(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theStackIsStrimzisKRaftKafkaWithConnectBuildingDebeziumAndTheConnectorOfDeployDebezium(String overlay) throws IOException {
        List<JsonNode> objects = built(overlay);
        assertThat(ofKind(objects, "KafkaNodePool")).isNotEmpty();
        assertThat(ofKind(objects, "Kafka")).singleElement().satisfies(kafka -> assertThat(kafka.path("spec").has("zookeeper")).isFalse());
        JsonNode connect = ofKind(objects, "KafkaConnect").getFirst();
        assertThat(connect.path("metadata").path("annotations").path("strimzi.io/use-connector-resources").asText()).isEqualTo("true");
        JsonNode artifact = connect.path("spec").path("build").path("plugins").get(0).path("artifacts").get(0);
        assertThat(artifact.path("type").asText()).isEqualTo("maven");
        assertThat(artifact.path("artifact").asText()).isEqualTo("debezium-connector-postgres");
        assertThat(artifact.path("version").asText()).as("the Debezium version deploy/local runs").isEqualTo(parentPomProperty("debezium.version"));
        assertThat(connect.path("spec").path("version").asText()).as("the Kafka of the rest of the project").isEqualTo(parentPomProperty("kafka.version"));

        JsonNode connector = ofKind(objects, "KafkaConnector").getFirst();
        assertThat(Sources.connectorDifferences(connector, Kustomize.ROOT.resolve("deploy/debezium/package-status-connector.json"))).isEmpty();
        assertThat(ofKind(objects, "KafkaTopic")).extracting(topic -> topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText()))
                .contains("dbserver1.public.package_status", "dbserver1.public.package_status.unreadable", "package-status.undeliverable",
                        "package-status.customer-1", "package-status.customer-2", "package-status.customer-3");
        assertThat(ofKind(objects, "KafkaUser")).extracting(Manifests::name).contains("KafkaUser/monitor-service");
    }

    @Test
    void prodRunsSeveralMonitorsSpreadOverNodesWithDisruptionBudgets() {
        List<JsonNode> prod = built("prod");
        JsonNode monitor = named(prod, "Deployment", "monitor-service");
        assertThat(monitor.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(monitor.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity").isMissingNode()).isFalse();
        assertThat(ofKind(prod, "PodDisruptionBudget")).extracting(Manifests::name)
                .contains("PodDisruptionBudget/monitor-service", "PodDisruptionBudget/producer-service");
        assertThat(named(built("dev"), "Deployment", "monitor-service").path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasANetworkPolicy(String overlay) {
        assertThat(ofKind(built(overlay), "NetworkPolicy")).extracting(Manifests::name)
                .contains("NetworkPolicy/producer-service", "NetworkPolicy/monitor-service", "NetworkPolicy/postgres");
    }

    @Test
    void noCommittedFileHoldsASecret() throws IOException {
        assertThat(Sources.secretFindings(Kustomize.MANIFESTS)).isEmpty();
    }

    @Test
    void theDevSimulatorsAnswerAsComposesDo() throws IOException {
        for (int customer = 1; customer <= 3; customer++) {
            Path mapping = Path.of("customers", Integer.toString(customer), "mappings", "package-status.json");
            assertThat(Kustomize.MANIFESTS.resolve("overlays/dev").resolve(mapping))
                    .hasSameTextualContentAs(Kustomize.ROOT.resolve("deploy/compose").resolve(mapping));
        }
    }

    private static String parentPomProperty(String name) throws IOException {
        String pom = Files.readString(Kustomize.ROOT.resolve("pom.xml"));
        int start = pom.indexOf("<" + name + ">") + name.length() + 2;
        return pom.substring(start, pom.indexOf("</" + name + ">", start));
    }
}

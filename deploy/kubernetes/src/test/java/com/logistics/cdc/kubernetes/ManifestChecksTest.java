package com.logistics.cdc.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check of {@link KubernetesManifestsTest} fails on a mistake planted in a copy of the manifests. */
class ManifestChecksTest {

    private static Path copy;
    private static List<JsonNode> dev;

    @BeforeAll
    static void buildDev() throws IOException {
        copy = Kustomize.copyOfManifests();
        dev = Manifests.parse(Kustomize.build(copy, "dev"));
    }

    @AfterAll
    static void deleteTheCopy() throws IOException {
        if (copy != null) {
            Kustomize.delete(copy);
        }
    }

    @Test
    void aMisspeltFieldInAManifestIsFoundAfterKustomizeBuildsIt() throws IOException {
        Path manifest = copy.resolve("base/monitor-service.yaml");
        String original = Files.readString(manifest);
        try {
            Files.writeString(manifest, original.replace("          readinessProbe:", "          readinesProbe:"));
            List<JsonNode> planted = Manifests.parse(Kustomize.build(copy, "dev"));
            assertThat(Manifests.typedModelFindings(planted)).singleElement().asString()
                    .contains("Deployment/monitor-service").contains("readinesProbe");
            assertThat(Policies.findings(planted)).singleElement().asString().contains("monitor-service").contains("no readinessProbe");
        } finally {
            Files.writeString(manifest, original);
        }
    }

    @Test
    void anUnknownFieldInAStrimziObjectIsFound() {
        List<JsonNode> planted = plant("KafkaConnect", connect -> ((ObjectNode) connect.path("spec")).put("externalConfiguration", "v1beta2 only"));
        assertThat(Manifests.typedModelFindings(planted)).singleElement().asString().contains("KafkaConnect").contains("externalConfiguration");
    }

    @Test
    void aStrimziObjectOnAnotherApiVersionIsFound() {
        List<JsonNode> planted = plant("Kafka", kafka -> ((ObjectNode) kafka).put("apiVersion", "kafka.strimzi.io/v1beta2"));
        assertThat(Manifests.typedModelFindings(planted)).singleElement().asString().contains("no model for kafka.strimzi.io/v1beta2/Kafka");
        assertThat(Policies.findings(planted)).singleElement().asString().contains("not kafka.strimzi.io/v1");
    }

    @Test
    void aContainerMissingAProbeLimitsOrHardeningOrWithALatestImageIsFound() {
        List<JsonNode> planted = plant("Deployment", deployment -> {
            ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
            container.remove("livenessProbe");
            ((ObjectNode) container.path("resources")).remove("limits");
            ((ObjectNode) container.path("securityContext")).put("readOnlyRootFilesystem", false).put("allowPrivilegeEscalation", true);
            ((ArrayNode) container.path("securityContext").path("capabilities").path("drop")).removeAll().add("NET_RAW");
            container.put("image", container.path("image").asText().replaceFirst(":[^:/]+$", ":latest"));
        });
        assertThat(String.join("\n", Policies.findings(planted))).contains("no livenessProbe", "no resources.limits.cpu",
                "no resources.limits.memory", "readOnlyRootFilesystem is not true", "allowPrivilegeEscalation is not false",
                "capabilities.drop does not hold ALL", "is not pinned");
        assertThat(Policies.pinned("localhost/package-cdc/monitor-service")).isFalse();
        assertThat(Policies.pinned("localhost:5000/package-cdc/monitor-service")).isFalse();
        assertThat(Policies.pinned("localhost:5000/package-cdc/monitor-service:1.0.0")).isTrue();
    }

    @Test
    void aPodRunningAsRootIsFound() {
        List<JsonNode> planted = plant("StatefulSet", statefulSet -> {
            ObjectNode pod = (ObjectNode) statefulSet.path("spec").path("template").path("spec");
            pod.putObject("securityContext").put("runAsUser", 0);
            pod.path("containers").forEach(container -> ((ObjectNode) container.path("securityContext")).remove(List.of("runAsNonRoot", "runAsUser")));
        });
        assertThat(String.join("\n", Policies.findings(planted))).contains("runAsNonRoot is not true", "runs as uid 0");
    }

    @Test
    void aConnectorConfigDifferentFromDeployDebeziumIsFound() throws IOException {
        ObjectNode connector = Manifests.parse(Kustomize.build(copy, "dev")).stream()
                .filter(object -> object.path("kind").asText().equals("KafkaConnector")).map(ObjectNode.class::cast).findFirst().orElseThrow();
        ObjectNode config = (ObjectNode) connector.path("spec").path("config");
        config.put("slot.name", "another_slot");
        config.put("snapshot.mode", "never");
        config.remove("publication.name");
        assertThat(Sources.connectorDifferences(connector, Kustomize.ROOT.resolve("deploy/debezium/package-status-connector.json")))
                .hasSize(3).anySatisfy(difference -> assertThat(difference).startsWith("slot.name"))
                .anySatisfy(difference -> assertThat(difference).startsWith("publication.name"));
    }

    @Test
    void aSecretInACommittedFileIsFound() throws IOException {
        Path overlay = copy.resolve("overlays/dev");
        Path kustomization = overlay.resolve("kustomization.yaml");
        String original = Files.readString(kustomization);
        Path written = copy.resolve("base/leaked-secret.yaml");
        try {
            Files.writeString(kustomization, original.replace("CUSTOMER_1_AUTHORIZATION=", "CUSTOMER_1_AUTHORIZATION=Bearer abc")
                    .replace("envs: [postgres.env]", "envs: [postgres.properties]"));
            Files.writeString(written, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\nstringData:\n  password: x\n");
            assertThat(String.join("\n", Sources.secretFindings(copy))).contains("literal value for CUSTOMER_1_AUTHORIZATION",
                    "reads postgres.properties", "a Secret written out (Secret/leaked)");
        } finally {
            Files.writeString(kustomization, original);
            Files.delete(written);
        }
    }

    /** The built dev objects, with {@code mistake} made to a copy of the first object of {@code kind}. */
    private static List<JsonNode> plant(String kind, Consumer<JsonNode> mistake) {
        List<JsonNode> planted = dev.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
        mistake.accept(planted.stream().filter(object -> object.path("kind").asText().equals(kind)).findFirst().orElseThrow());
        assertThat(Manifests.typedModelFindings(dev)).as("the manifests as committed").isEmpty();
        return planted;
    }
}

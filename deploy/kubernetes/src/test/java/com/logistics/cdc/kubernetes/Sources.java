package com.logistics.cdc.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Checks of the committed sources rather than the built output: secrets, and the connector's one configuration. */
final class Sources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Sources() {
    }

    /**
     * Where a committed file of {@code manifests} would carry a secret: a Secret object written out, a generator
     * literal with a value, a generator reading a file that is not ignored by git (only {@code *.env}, each with
     * its committed {@code .env.example}, may hold the values).
     */
    static List<String> secretFindings(Path manifests) throws IOException {
        List<String> findings = new ArrayList<>();
        try (var paths = Files.walk(manifests)) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".yaml") && !path.toString().contains("/target/")).toList()) {
                String where = manifests.relativize(file).toString();
                for (JsonNode document : Manifests.parse(Files.readString(file))) {
                    if (document.path("kind").asText().equals("Secret")) {
                        findings.add(where + ": a Secret written out (" + Manifests.name(document) + "); generate it from an ignored file");
                    }
                    for (JsonNode generator : document.path("secretGenerator")) {
                        String name = generator.path("name").asText();
                        for (JsonNode literal : generator.path("literals")) {
                            String value = literal.asText().contains("=") ? literal.asText().substring(literal.asText().indexOf('=') + 1) : "";
                            if (!value.isEmpty()) {
                                findings.add(where + ": secretGenerator " + name + " has a literal value for " + literal.asText().split("=")[0]);
                            }
                        }
                        List<JsonNode> files = new ArrayList<>();
                        generator.path("envs").forEach(files::add);
                        generator.path("files").forEach(files::add);
                        for (JsonNode source : files) {
                            String env = source.asText().replaceFirst("^[^=]*=", "");
                            if (!env.endsWith(".env")) {
                                findings.add(where + ": secretGenerator " + name + " reads " + env + ", not an ignored *.env file");
                            } else if (!Files.exists(file.resolveSibling(env + ".example"))) {
                                findings.add(where + ": secretGenerator " + name + " reads " + env + " with no " + env + ".example beside it");
                            }
                        }
                    }
                }
            }
        }
        return findings;
    }

    /**
     * How the KafkaConnector differs from deploy/debezium/package-status-connector.json, key by key: its class and
     * tasks are spec.class and spec.tasksMax, every other key is in spec.config with the same value.
     */
    static List<String> connectorDifferences(JsonNode connector, Path json) throws IOException {
        JsonNode expected = JSON.readTree(json.toFile()).path("config");
        JsonNode spec = connector.path("spec");
        List<String> differences = new ArrayList<>();
        if (!spec.path("class").asText().equals(expected.path("connector.class").asText())) {
            differences.add("class: " + spec.path("class").asText() + " vs connector.class " + expected.path("connector.class").asText());
        }
        if (!spec.path("tasksMax").asText().equals(expected.path("tasks.max").asText())) {
            differences.add("tasksMax: " + spec.path("tasksMax").asText() + " vs tasks.max " + expected.path("tasks.max").asText());
        }
        TreeSet<String> keys = new TreeSet<>();
        expected.fieldNames().forEachRemaining(keys::add);
        spec.path("config").fieldNames().forEachRemaining(keys::add);
        keys.removeAll(List.of("connector.class", "tasks.max"));
        for (String key : keys) {
            String want = expected.has(key) ? expected.get(key).asText() : null;
            String have = spec.path("config").has(key) ? spec.path("config").get(key).asText() : null;
            if (want == null || !want.equals(have)) {
                differences.add(key + ": " + have + " in the KafkaConnector, " + want + " in " + json.getFileName());
            }
        }
        return differences;
    }
}

package com.logistics.cdc.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects of a built overlay, and their loading into typed models, unknown fields rejected: the fabric8 models
 * for Kubernetes's own kinds, Strimzi's {@code api} module for its kinds. Both models keep fields they do not know
 * in an any-setter ({@code additionalProperties}) so that clients tolerate newer servers; here that is switched off,
 * so that a misspelt or misplaced field is a finding with its path, as the API server would refuse it.
 */
final class Manifests {

    /** Every kind the manifests may hold, by {@code apiVersion/kind}: any other is a finding too. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class), Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaConnect", KafkaConnect.class),
            Map.entry("kafka.strimzi.io/v1/KafkaConnector", KafkaConnector.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class), Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    private static final ObjectMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    /** The documents of a multi-document YAML stream. */
    static List<JsonNode> parse(String yaml) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            return documents.readAll().stream().filter(node -> node != null && !node.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    /** What the typed models refuse in {@code objects}: unknown kinds and versions, unknown fields, wrong types. */
    static List<String> typedModelFindings(List<JsonNode> objects) {
        List<String> findings = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        ObjectMapper strict = strict(unknown);
        for (JsonNode object : objects) {
            String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            Class<?> model = MODELS.get(key);
            if (model == null) {
                findings.add(name(object) + ": no model for " + key + " (a kind or API version these manifests must not use)");
                continue;
            }
            unknown.clear();
            try {
                strict.treeToValue(object, model);
            } catch (IOException | IllegalArgumentException e) {
                findings.add(name(object) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
            unknown.forEach(field -> findings.add(name(object) + ": unknown field " + field));
        }
        return findings;
    }

    /** A mapper that records every unknown field (with its path) instead of keeping it. */
    private static ObjectMapper strict(List<String> unknown) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated annotated) {
                return false;
            }
        });
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser, JsonDeserializer<?> deserializer,
                                                 Object bean, String property) throws IOException {
                unknown.add(path(parser) + property + " (in " + (bean == null ? "?" : bean.getClass().getSimpleName()) + ")");
                parser.skipChildren();
                return true;
            }
        });
        return mapper;
    }

    private static String path(JsonParser parser) {
        List<String> parts = new ArrayList<>();
        for (var context = parser.getParsingContext().getParent(); context != null && !context.inRoot(); context = context.getParent()) {
            if (context.getCurrentName() != null) {
                parts.addFirst(context.getCurrentName());
            } else if (context.inArray()) {
                parts.addFirst("[" + Math.max(0, context.getCurrentIndex()) + "]");
            }
        }
        return parts.isEmpty() ? "" : String.join(".", parts) + ".";
    }
}

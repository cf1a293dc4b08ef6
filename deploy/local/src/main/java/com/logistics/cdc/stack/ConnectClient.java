package com.logistics.cdc.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The few Kafka Connect REST calls the stack needs, idempotent where the REST API allows it. */
public final class ConnectClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A connector file as debezium-examples writes it: {"name": ..., "config": {...}}. */
    public record ConnectorDefinition(String name, Map<String, String> config) {

        public static ConnectorDefinition read(Path file) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                if (root == null || !root.hasNonNull("name") || !root.path("config").isObject()) {
                    throw new StackException(file + " must be {\"name\": ..., \"config\": {...}}");
                }
                Map<String, String> config = JSON.convertValue(root.get("config"), new TypeReference<LinkedHashMap<String, String>>() { });
                return new ConnectorDefinition(root.get("name").asText(), config);
            } catch (IOException e) {
                throw new StackException("Cannot read connector config " + file + ": " + e.getMessage(), e);
            }
        }

        public ConnectorDefinition with(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(config);
            copy.put(key, value);
            return new ConnectorDefinition(name, copy);
        }

        public ConnectorDefinition renamed(String newName) {
            return new ConnectorDefinition(newName, config);
        }
    }

    /** True once the worker has joined its group and serves the connector API. */
    public boolean ready() {
        try {
            return send(request("/connectors").GET()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public List<String> plugins() throws IOException {
        List<String> classes = new ArrayList<>();
        for (JsonNode plugin : JSON.readTree(send(request("/connector-plugins").GET()).body())) {
            classes.add(plugin.path("class").asText());
        }
        return classes;
    }

    /** Creates or updates (PUT is idempotent), then restarts whatever failed: a new config never does that. */
    public void apply(ConnectorDefinition connector) throws IOException {
        HttpResponse<String> response = send(request("/connectors/" + encode(connector.name()) + "/config")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(connector.config()))));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new StackException("Kafka Connect refused " + connector.name() + " (HTTP " + response.statusCode() + "): "
                    + response.body());
        }
        if (status(connector.name()).anyTaskFailed()) {
            restartFailed(connector.name());
        }
    }

    public void restartFailed(String name) throws IOException {
        send(request("/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=true")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public void pause(String name) throws IOException {
        send(request("/connectors/" + encode(name) + "/pause").PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public void resume(String name) throws IOException {
        send(request("/connectors/" + encode(name) + "/resume").PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public void delete(String name) throws IOException {
        send(request("/connectors/" + encode(name)).DELETE());
    }

    public ConnectorStatus status(String name) throws IOException {
        HttpResponse<String> response = send(request("/connectors/" + encode(name) + "/status").GET());
        if (response.statusCode() == 404) {
            return ConnectorStatus.absent(name);
        }
        JsonNode body = JSON.readTree(response.body());
        List<ConnectorStatus.Task> tasks = new ArrayList<>();
        for (JsonNode task : body.path("tasks")) {
            tasks.add(new ConnectorStatus.Task(task.path("id").asInt(), task.path("state").asText(),
                    task.path("trace").asText("")));
        }
        return new ConnectorStatus(name, body.path("connector").path("state").asText("UNKNOWN"), tasks);
    }

    /**
     * Waits until the connector and all its tasks run. A failed task is restarted once (it may have started
     * before its table or publication existed); failing again is reported with its trace.
     */
    public ConnectorStatus awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        boolean restarted = false;
        ConnectorStatus status = status(name);
        while (!status.running()) {
            if (status.anyTaskFailed()) {
                if (restarted) {
                    throw new StackException("Connector " + status.summary() + "\n" + status.firstTrace());
                }
                restartFailed(name);
                restarted = true;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackException("Connector not running after " + timeout.toSeconds() + " s: " + status.summary());
            }
            Thread.sleep(200);
            status = status(name);
        }
        return status;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}

package com.logistics.cdc.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the project committed against what its customers received: every version of every package in PostgreSQL
 * (a package at version v went through v + 1 movements, each one change event) compared with the requests in the
 * three customer simulators' journals.
 */
final class Deliveries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A package as committed: its customer and how many movements it has had. */
    record Committed(String trackingCode, int customer, int movements) {
    }

    /** One delivery attempt that reached a customer, in the order the customer received them. */
    record Received(String trackingCode, String idempotencyKey, String eventId, long lsn, String status, String authorization) {
    }

    /** The outcome for one package: what is missing, and whether what arrived came in commit order. */
    record Outcome(String trackingCode, int committed, int delivered, int duplicates, boolean inOrder, boolean keyed) {
        boolean complete() {
            return delivered == committed;
        }
    }

    static List<Committed> committed(ComposeProject project) {
        return project.sql("SELECT tracking_code, customer_id, version FROM package_status ORDER BY tracking_code").stream()
                .map(line -> line.split("\\|"))
                .map(column -> new Committed(column[0], Integer.parseInt(column[1]), Integer.parseInt(column[2]) + 1))
                .toList();
    }

    /** Every request of every customer, grouped by package, each group in the order the customer received it. */
    static Map<String, List<Received>> received(ComposeProject project) {
        Map<String, List<Received>> byPackage = new LinkedHashMap<>();
        for (int customer = 1; customer <= 3; customer++) {
            for (Received request : journal(project.customerPort(customer))) {
                byPackage.computeIfAbsent(request.trackingCode(), code -> new ArrayList<>()).add(request);
            }
        }
        return byPackage;
    }

    /**
     * The outcome of every package but those in {@code excluded}: a test judges the packages it wrote, since a
     * simulator's journal lives as long as its container.
     */
    static List<Outcome> outcomes(ComposeProject project, Set<String> excluded) {
        Map<String, List<Received>> received = received(project);
        return committed(project).stream().filter(pkg -> !excluded.contains(pkg.trackingCode()))
                .map(pkg -> outcome(pkg, received.getOrDefault(pkg.trackingCode(), List.of())))
                .toList();
    }

    /** The tracking codes of every package committed so far. */
    static Set<String> trackingCodes(ComposeProject project) {
        return Set.copyOf(project.sql("SELECT tracking_code FROM package_status"));
    }

    static Outcome outcome(Committed pkg, List<Received> requests) {
        Set<String> distinct = new LinkedHashSet<>();
        long lastLsn = -1;
        boolean inOrder = true;
        boolean keyed = true;
        for (Received request : requests) {
            keyed &= request.eventId().equals(request.idempotencyKey());
            if (distinct.add(request.eventId())) { // a re-sent movement is a duplicate, not a step back
                inOrder &= request.lsn() > lastLsn;
                lastLsn = request.lsn();
            }
        }
        return new Outcome(pkg.trackingCode(), pkg.movements(), distinct.size(), requests.size() - distinct.size(),
                inOrder, keyed);
    }

    /** The simulator's journal (WireMock lists the newest first), oldest first. */
    static List<Received> journal(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/__admin/requests")).build(), HttpResponse.BodyHandlers.ofString());
            List<Received> requests = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(response.body()).path("requests")) {
                JsonNode request = entry.path("request");
                if (!request.path("url").asText().equals("/package-status")) {
                    continue;
                }
                JsonNode body = JSON.readTree(request.path("body").asText());
                String eventId = body.path("eventId").asText();
                requests.add(new Received(body.path("trackingCode").asText(),
                        request.path("headers").path("Idempotency-Key").asText(), eventId,
                        Long.parseLong(eventId.substring(0, eventId.indexOf(':'))), body.path("status").asText(),
                        request.path("headers").path("Authorization").asText()));
            }
            return requests.reversed();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Deliveries() {
    }
}

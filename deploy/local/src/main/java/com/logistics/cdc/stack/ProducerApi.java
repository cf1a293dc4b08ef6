package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls to a running producer-service ({@code make generate} and the benchmarks that fill the CDC topic). */
public final class ProducerApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProducerApi() {
    }

    /** POSTs to {@code url} (e.g. {@code .../packages?quantity=10}) and returns the producer's JSON answer. */
    public static JsonNode post(String url) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new StackException("producer-service does not answer at " + url + ": start it with make producer-up");
        }
        if (response.statusCode() != 200) {
            throw new StackException("producer-service answered " + response.statusCode() + " to " + url + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}

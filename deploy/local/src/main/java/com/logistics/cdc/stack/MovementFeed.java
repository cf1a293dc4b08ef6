package com.logistics.cdc.stack;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** {@code make start-monitoring}: prints monitor-service's line per movement (a Server-Sent Events stream). */
final class MovementFeed {

    private MovementFeed() {
    }

    static int follow(String url, PrintStream out) throws Exception {
        HttpResponse<InputStream> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new StackException("monitor-service does not answer at " + url + ": start it with make monitor-up");
        }
        if (response.statusCode() != 200) {
            throw new StackException("monitor-service answered " + response.statusCode() + " at " + url);
        }
        out.println("Movements as monitor-service sees them (Ctrl-C to stop):");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    out.println(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
        }
        return 0;
    }
}

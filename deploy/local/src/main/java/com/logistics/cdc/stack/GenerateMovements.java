package com.logistics.cdc.stack;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** {@code make generate Q=n}: asks the running producer for n new packages and n movements, then shows the events. */
final class GenerateMovements {

    private static final int PRINT_LIMIT = 60;

    private GenerateMovements() {
    }

    static int run(StackConfig config, String producerUrl, int quantity, PrintStream out) throws IOException, InterruptedException {
        Map<Integer, Long> before = ChangeEventPrinter.endOffsets(config, Topics.CHANGES);
        JsonNode posted = ProducerApi.post(producerUrl + "/packages?quantity=" + quantity);
        JsonNode moved = ProducerApi.post(producerUrl + "/movements?quantity=" + quantity);
        out.printf("producer-service posted %,d packages in %,d ms (%,.0f rows/s) and moved %,d in %,d ms (%,.0f rows/s)%n",
                posted.path("written").asInt(), posted.path("millis").asLong(), posted.path("rowsPerSecond").asDouble(),
                moved.path("written").asInt(), moved.path("millis").asLong(), moved.path("rowsPerSecond").asDouble());
        int changes = posted.path("written").asInt() + moved.path("written").asInt();
        if (changes <= PRINT_LIMIT) {
            out.println("Their change events in " + Topics.CHANGES + ":");
            int printed = ChangeEventPrinter.print(config, Topics.CHANGES, before, changes, Duration.ofSeconds(10), out);
            out.println(printed + " of " + changes + " change events seen");
            return printed == changes ? 0 : 1;
        }
        out.println("(" + changes + " change events: make status shows the topic's offsets, make start-monitoring prints them)");
        return 0;
    }
}

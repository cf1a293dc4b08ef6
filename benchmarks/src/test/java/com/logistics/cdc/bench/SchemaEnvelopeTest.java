package com.logistics.cdc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SchemaEnvelope envelope = SchemaEnvelope.packageStatus();

    @Test
    void wrapsAnEventInTheConnectorsValueSchema() throws Exception {
        String event = "{\"before\":null,\"after\":{\"id\":7,\"tracking_code\":\"JT000000007BR\",\"status\":\"Package Posted\"},"
                + "\"source\":{\"lsn\":24843680,\"table\":\"package_status\"},\"op\":\"c\",\"ts_ms\":1795540236642}";

        byte[] wrapped = envelope.value(event.getBytes(StandardCharsets.UTF_8));

        JsonNode message = JSON.readTree(wrapped);
        assertThat(message.get("payload")).isEqualTo(JSON.readTree(event));
        assertThat(message.at("/schema/name").asText()).endsWith(".public.package_status.Envelope");
        assertThat(message.at("/schema/fields/0/field").asText()).isEqualTo("before");
        assertThat(new String(wrapped, StandardCharsets.UTF_8)).startsWith("{\"schema\":{").endsWith(",\"payload\":" + event + "}");
        assertThat(wrapped.length - event.length()).as("the schema's share of each message").isBetween(3_000, 3_300);
    }

    @Test
    void wrapsTheKeyInItsOwnSchemaAndLeavesTombstonesNull() throws Exception {
        JsonNode key = JSON.readTree(envelope.key("{\"id\":7}".getBytes(StandardCharsets.UTF_8)));

        assertThat(key.at("/payload/id").asLong()).isEqualTo(7);
        assertThat(key.at("/schema/name").asText()).endsWith(".public.package_status.Key");
        assertThat(envelope.value(null)).isNull();
    }
}

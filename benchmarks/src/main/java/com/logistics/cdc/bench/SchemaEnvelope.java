package com.logistics.cdc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.stack.StackException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A change event of package_status as Kafka Connect's JsonConverter writes it with schemas on (Debezium's
 * default): {@code {"schema":<schema>,"payload":<the event as written with schemas off>}}. Our connector writes
 * schemas off; the benchmark wraps the same events to measure the format the issue was measured with (~3.8 KB
 * per event, of which the schema is ~3 KB). The key and value schemas in {@code bench/package_status.schemas.json}
 * are the ones the real Debezium 3.7 connector wrote for this table, as captured (topic prefix {@code capture}).
 */
final class SchemaEnvelope {

    private final byte[] keyPrefix;
    private final byte[] valuePrefix;

    private SchemaEnvelope(String keySchema, String valueSchema) {
        this.keyPrefix = prefix(keySchema);
        this.valuePrefix = prefix(valueSchema);
    }

    static SchemaEnvelope packageStatus() {
        try (InputStream in = SchemaEnvelope.class.getResourceAsStream("/bench/package_status.schemas.json")) {
            if (in == null) {
                throw new StackException("bench/package_status.schemas.json is missing from the classpath");
            }
            JsonNode schemas = new ObjectMapper().readTree(in);
            return new SchemaEnvelope(schemas.get("key").toString(), schemas.get("value").toString());
        } catch (IOException e) {
            throw new StackException("Cannot read bench/package_status.schemas.json: " + e.getMessage());
        }
    }

    byte[] key(byte[] schemaless) {
        return wrap(keyPrefix, schemaless);
    }

    /** A tombstone stays a tombstone: JsonConverter writes no envelope for a null value. */
    byte[] value(byte[] schemaless) {
        return wrap(valuePrefix, schemaless);
    }

    private static byte[] wrap(byte[] prefix, byte[] payload) {
        if (payload == null) {
            return null;
        }
        byte[] wrapped = new byte[prefix.length + payload.length + 1];
        System.arraycopy(prefix, 0, wrapped, 0, prefix.length);
        System.arraycopy(payload, 0, wrapped, prefix.length, payload.length);
        wrapped[wrapped.length - 1] = '}';
        return wrapped;
    }

    private static byte[] prefix(String schema) {
        return ("{\"schema\":" + schema + ",\"payload\":").getBytes(StandardCharsets.UTF_8);
    }
}

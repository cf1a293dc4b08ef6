package com.logistics.cdc.monitor.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * Reads Debezium's JsonConverter output, with schemas ({@code {schema, payload}}) or without. Fields it does
 * not know are ignored; a missing or mistyped field it needs is a {@link MalformedChangeEvent} naming it.
 */
@ApplicationScoped
public class ChangeEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses one event; {@code key} may be null (the row's id is used then). Tombstones are not events. */
    public ChangeEvent parse(byte[] key, byte[] value) throws MalformedChangeEvent {
        if (value == null) {
            throw new MalformedChangeEvent("a tombstone (null value) is not a change event");
        }
        JsonNode payload = unwrap(read(value, "value"));
        String opCode = payload.path("op").asText(null);
        Operation op = Operation.fromCode(opCode);
        if (op == null) {
            throw new MalformedChangeEvent("unknown op '" + opCode + "' (expected c, u, d, r or t)");
        }
        PackageSnapshot before = snapshot(payload.get("before"), "before");
        PackageSnapshot after = snapshot(payload.get("after"), "after");
        switch (op) {
            case CREATE, READ, UPDATE -> require(after, "after", op);
            case DELETE -> require(before, "before", op);
            case TRUNCATE -> { }
        }
        JsonNode source = payload.path("source");
        if (!source.path("lsn").canConvertToLong()) {
            throw new MalformedChangeEvent("source.lsn is missing or not a number");
        }
        long lsn = source.path("lsn").asLong();
        String table = source.path("table").asText("package_status");
        Long rowKey = key(key, after != null ? after : before);
        return new ChangeEvent(ChangeEvent.eventId(lsn, table, rowKey == null ? op.code() : rowKey), op, rowKey,
                before, after, lsn, source.hasNonNull("txId") ? source.get("txId").asLong() : null,
                source.path("ts_ms").asLong(), payload.path("ts_ms").asLong(), table,
                !"false".equals(source.path("snapshot").asText("false")));
    }

    private static JsonNode read(byte[] bytes, String what) throws MalformedChangeEvent {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new MalformedChangeEvent("the " + what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedChangeEvent("the " + what + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedChangeEvent("the " + what + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** JsonConverter with schemas wraps the event in {schema, payload}. */
    private static JsonNode unwrap(JsonNode node) {
        return node.has("schema") && node.has("payload") ? node.get("payload") : node;
    }

    private static Long key(byte[] key, PackageSnapshot row) throws MalformedChangeEvent {
        if (key != null && key.length > 0) {
            JsonNode id = unwrap(read(key, "key")).path("id");
            if (id.canConvertToLong()) {
                return id.asLong();
            }
        }
        return row == null ? null : row.id();
    }

    private static void require(PackageSnapshot row, String field, Operation op) throws MalformedChangeEvent {
        if (row == null) {
            throw new MalformedChangeEvent(field + " is missing in a '" + op.code() + "' event");
        }
    }

    private static PackageSnapshot snapshot(JsonNode row, String field) throws MalformedChangeEvent {
        if (row == null || row.isNull()) {
            return null;
        }
        if (!row.isObject()) {
            throw new MalformedChangeEvent(field + " is not an object");
        }
        return new PackageSnapshot(
                number(row, field, "id"),
                text(row, field, "tracking_code", true),
                (int) number(row, field, "customer_id"),
                text(row, field, "actual_address", true),
                text(row, field, "next_address", false),
                text(row, field, "status", true),
                text(row, field, "updated_at", false),
                row.path("version").asLong(0));
    }

    private static long number(JsonNode row, String field, String name) throws MalformedChangeEvent {
        JsonNode value = row.get(name);
        if (value == null || !value.canConvertToLong()) {
            throw new MalformedChangeEvent(field + "." + name + " is missing or not a number");
        }
        return value.asLong();
    }

    private static String text(JsonNode row, String field, String name, boolean required) throws MalformedChangeEvent {
        JsonNode value = row.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MalformedChangeEvent(field + "." + name + " is missing");
            }
            return null;
        }
        return value.asText();
    }
}

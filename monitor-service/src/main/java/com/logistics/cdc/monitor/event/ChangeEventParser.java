package com.logistics.cdc.monitor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * Reads Debezium's JsonConverter output, with schemas ({@code {schema, payload}}) or without. Fields it does
 * not know are ignored; a missing or mistyped field it needs is a {@link MalformedChangeEvent} naming it.
 */
@ApplicationScoped
public class ChangeEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader ENVELOPE = JSON.readerFor(Envelope.class); // resolved once, not per event

    /** Parses one event; {@code key} may be null (the row's id is used then). Tombstones are not events. */
    public ChangeEvent parse(byte[] key, byte[] value) throws MalformedChangeEvent {
        if (value == null) {
            throw new MalformedChangeEvent("a tombstone (null value) is not a change event");
        }
        Envelope envelope;
        try {
            envelope = ENVELOPE.readValue(value);
        } catch (JsonProcessingException e) {
            throw new MalformedChangeEvent(describe(e), e);
        } catch (IOException e) {
            throw new MalformedChangeEvent("the value cannot be read: " + e.getMessage(), e);
        }
        if (envelope == null) {
            throw new MalformedChangeEvent("the value is not a JSON object");
        }
        Envelope payload = envelope.payload != null && envelope.op == null ? envelope.payload : envelope;
        Operation op = Operation.fromCode(payload.op);
        if (op == null) {
            throw new MalformedChangeEvent("unknown op '" + payload.op + "' (expected c, u, d, r or t)");
        }
        PackageSnapshot before = snapshot(payload.before, "before");
        PackageSnapshot after = snapshot(payload.after, "after");
        switch (op) {
            case CREATE, READ, UPDATE -> require(after, "after", op);
            case DELETE -> require(before, "before", op);
            case TRUNCATE -> { }
        }
        Source source = payload.source;
        if (source == null || source.lsn == null) {
            throw new MalformedChangeEvent("source.lsn is missing or not a number");
        }
        String table = source.table == null ? "package_status" : source.table;
        Long rowKey = key(key, after != null ? after : before);
        return new ChangeEvent(ChangeEvent.eventId(source.lsn, table, rowKey == null ? op.code() : rowKey), op, rowKey,
                before, after, source.lsn, source.txId, source.tsMs == null ? 0 : source.tsMs,
                payload.tsMs == null ? 0 : payload.tsMs, table, source.snapshot != null && !"false".equals(source.snapshot));
    }

    /** The envelope, as JsonConverter writes it with schemas off, or wrapped in {schema, payload} with them on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(String op, Row before, Row after, Source source, @JsonProperty("ts_ms") Long tsMs, Envelope payload) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Source(Long lsn, Long txId, @JsonProperty("ts_ms") Long tsMs, String table, String snapshot) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Row(Long id, @JsonProperty("tracking_code") String trackingCode, @JsonProperty("customer_id") Integer customerId,
               @JsonProperty("actual_address") String actualAddress, @JsonProperty("next_address") String nextAddress,
               String status, @JsonProperty("updated_at") String updatedAt, Long version) {
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var reference : mismatch.getPath()) {
                if (reference.getFieldName() != null && !"payload".equals(reference.getFieldName())) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
                }
            }
            return path + " is missing or not a number";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
            return "the value is not a JSON object";
        }
        return "the value is not JSON: " + e.getOriginalMessage();
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

    /** The row's id is the message key (the primary key); the key is read only when no row image is there. */
    private static Long key(byte[] key, PackageSnapshot row) throws MalformedChangeEvent {
        if (row != null) {
            return row.id();
        }
        if (key != null && key.length > 0) {
            JsonNode id = unwrap(read(key, "key")).path("id");
            if (id.canConvertToLong()) {
                return id.asLong();
            }
        }
        return null;
    }

    private static void require(PackageSnapshot row, String field, Operation op) throws MalformedChangeEvent {
        if (row == null) {
            throw new MalformedChangeEvent(field + " is missing in a '" + op.code() + "' event");
        }
    }

    private static PackageSnapshot snapshot(Row row, String field) throws MalformedChangeEvent {
        if (row == null) {
            return null;
        }
        if (row.id() == null) {
            throw new MalformedChangeEvent(field + ".id is missing or not a number");
        }
        if (row.customerId() == null) {
            throw new MalformedChangeEvent(field + ".customer_id is missing or not a number");
        }
        required(row.trackingCode(), field, "tracking_code");
        required(row.actualAddress(), field, "actual_address");
        required(row.status(), field, "status");
        return new PackageSnapshot(row.id(), row.trackingCode(), row.customerId(), row.actualAddress(), row.nextAddress(),
                row.status(), row.updatedAt(), row.version() == null ? 0 : row.version());
    }

    private static void required(String value, String field, String name) throws MalformedChangeEvent {
        if (value == null) {
            throw new MalformedChangeEvent(field + "." + name + " is missing");
        }
    }
}

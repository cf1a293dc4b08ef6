package com.logistics.cdc.monitor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads Debezium's JsonConverter output, with schemas ({@code {schema, payload}}) or without, with Jackson's
 * streaming parser: only the fields the model has are read, everything else is skipped. A missing or mistyped
 * field it needs is a {@link MalformedChangeEvent} naming it.
 * <p>
 * With schemas on, the schema is most of each message (about 3 of 3.8 KB) and the same for every event of the
 * table. The parser remembers the bytes in front of the last payload it found ({@code {"schema":{...},"payload":})
 * and, when the next message starts with exactly those bytes, reads its payload alone: comparing bytes is many
 * times cheaper than tokenizing the schema again. A message of any other shape is read whole.
 */
@Singleton
public class ChangeEventParser {

    private static final JsonFactory JSON = new JsonFactory();

    /** {@code {"schema":{...},"payload":} of the last message with schemas; replaced whole, read by any thread. */
    private volatile byte[] schemaPrefix = new byte[0];

    /** Parses one event; {@code key} may be null (the row's id is used then). Tombstones are not events. */
    public ChangeEvent parse(byte[] key, byte[] value) throws MalformedChangeEvent {
        if (value == null) {
            throw new MalformedChangeEvent("a tombstone (null value) is not a change event");
        }
        try {
            Envelope envelope = payloadAfterKnownSchema(value);
            if (envelope == null) {
                envelope = readMessage(value);
            }
            return envelope.toEvent(key);
        } catch (JsonProcessingException e) {
            throw new MalformedChangeEvent("the value is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedChangeEvent("the value cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The envelope of a message that is the remembered schema prefix, one payload object and the closing brace;
     * null for any other message (it is read whole then).
     */
    private Envelope payloadAfterKnownSchema(byte[] value) throws IOException, MalformedChangeEvent {
        byte[] prefix = schemaPrefix;
        int end = value.length - 1;
        if (prefix.length == 0 || end <= prefix.length || value[end] != '}'
                || !Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length)) {
            return null;
        }
        try (JsonParser json = JSON.createParser(value, prefix.length, end - prefix.length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Envelope envelope = readEnvelope(json);
            return json.nextToken() == null ? envelope : null;
        } catch (JsonProcessingException e) {
            return null; // read whole, the error says where
        }
    }

    /** The top-level object: a {schema, payload} wrapper or, with schemas off, the envelope itself. */
    private Envelope readMessage(byte[] value) throws IOException, MalformedChangeEvent {
        try (JsonParser json = JSON.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedChangeEvent("the value is not a JSON object");
            }
            Envelope top = new Envelope();
            Envelope payload = null;
            boolean schemaFirst = false;
            for (String field; (field = json.nextFieldName()) != null; ) {
                JsonToken token = json.nextToken();
                if ("schema".equals(field) && !top.hasFields() && payload == null) {
                    schemaFirst = true;
                    json.skipChildren();
                } else if ("payload".equals(field) && token == JsonToken.START_OBJECT) {
                    if (schemaFirst && payload == null && !top.hasFields()) {
                        schemaPrefix = Arrays.copyOf(value, (int) json.currentTokenLocation().getByteOffset());
                    }
                    payload = readEnvelope(json);
                } else {
                    top.read(field, token, json);
                }
            }
            json.nextToken(); // anything but JSON after the object fails here
            return payload != null && top.op == null ? payload : top;
        }
    }

    /** Reads an envelope object, the parser on its START_OBJECT, up to its END_OBJECT. */
    private static Envelope readEnvelope(JsonParser json) throws IOException, MalformedChangeEvent {
        Envelope envelope = new Envelope();
        for (String field; (field = json.nextFieldName()) != null; ) {
            envelope.read(field, json.nextToken(), json);
        }
        return envelope;
    }

    /** The fields of one envelope as read; rows are checked as they are read, the rest once complete. */
    private static final class Envelope {
        String op;
        PackageSnapshot before;
        PackageSnapshot after;
        Long tsMs;
        Long lsn;
        Long txId;
        Long sourceTsMs;
        String table;
        String snapshot;
        private boolean hasFields;

        boolean hasFields() {
            return hasFields;
        }

        void read(String field, JsonToken token, JsonParser json) throws IOException, MalformedChangeEvent {
            hasFields = true;
            switch (field) {
                case "op" -> op = text(json);
                case "before" -> before = readRow(json, token, "before");
                case "after" -> after = readRow(json, token, "after");
                case "ts_ms" -> tsMs = longValue(json, token);
                case "source" -> readSource(json, token);
                default -> json.skipChildren();
            }
        }

        private void readSource(JsonParser json, JsonToken token) throws IOException {
            if (token != JsonToken.START_OBJECT) {
                json.skipChildren();
                return;
            }
            for (String field; (field = json.nextFieldName()) != null; ) {
                JsonToken value = json.nextToken();
                switch (field) {
                    case "lsn" -> lsn = longValue(json, value);
                    case "txId" -> txId = longValue(json, value);
                    case "ts_ms" -> sourceTsMs = longValue(json, value);
                    case "table" -> table = text(json);
                    case "snapshot" -> snapshot = text(json);
                    default -> json.skipChildren();
                }
            }
        }

        ChangeEvent toEvent(byte[] key) throws MalformedChangeEvent, IOException {
            Operation operation = Operation.fromCode(op);
            if (operation == null) {
                throw new MalformedChangeEvent("unknown op '" + op + "' (expected c, u, d, r or t)");
            }
            switch (operation) {
                case CREATE, READ, UPDATE -> require(after, "after", operation);
                case DELETE -> require(before, "before", operation);
                case TRUNCATE -> { }
            }
            if (lsn == null) {
                throw new MalformedChangeEvent("source.lsn is missing or not a number");
            }
            String sourceTable = table == null ? "package_status" : table;
            PackageSnapshot row = after != null ? after : before;
            Long rowKey = row != null ? Long.valueOf(row.id()) : keyId(key);
            return new ChangeEvent(ChangeEvent.eventId(lsn, sourceTable, rowKey == null ? operation.code() : rowKey),
                    operation, rowKey, before, after, lsn, txId, sourceTsMs == null ? 0 : sourceTsMs,
                    tsMs == null ? 0 : tsMs, sourceTable, snapshot != null && !"false".equals(snapshot));
        }
    }

    private static PackageSnapshot readRow(JsonParser json, JsonToken token, String field)
            throws IOException, MalformedChangeEvent {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            json.skipChildren();
            throw new MalformedChangeEvent(field + " is not an object");
        }
        Long id = null;
        Long customerId = null;
        Long version = null;
        String trackingCode = null;
        String actualAddress = null;
        String nextAddress = null;
        String status = null;
        String updatedAt = null;
        for (String name; (name = json.nextFieldName()) != null; ) {
            JsonToken value = json.nextToken();
            switch (name) {
                case "id" -> id = longValue(json, value);
                case "tracking_code" -> trackingCode = text(json);
                case "customer_id" -> customerId = longValue(json, value);
                case "actual_address" -> actualAddress = text(json);
                case "next_address" -> nextAddress = text(json);
                case "status" -> status = text(json);
                case "updated_at" -> updatedAt = text(json);
                case "version" -> version = longValue(json, value);
                default -> json.skipChildren();
            }
        }
        if (id == null) {
            throw new MalformedChangeEvent(field + ".id is missing or not a number");
        }
        if (customerId == null || customerId != customerId.intValue()) {
            throw new MalformedChangeEvent(field + ".customer_id is missing or not a number");
        }
        required(trackingCode, field, "tracking_code");
        required(actualAddress, field, "actual_address");
        required(status, field, "status");
        return new PackageSnapshot(id, trackingCode, customerId.intValue(), actualAddress, nextAddress, status, updatedAt,
                version == null ? 0 : version);
    }

    /** The row's id from the message key ({@code {"id":..}}, or wrapped in {schema, payload}); null if it has none. */
    private static Long keyId(byte[] key) throws IOException, MalformedChangeEvent {
        if (key == null || key.length == 0) {
            return null;
        }
        try (JsonParser json = JSON.createParser(key)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedChangeEvent("the key is not a JSON object");
            }
            return keyId(json);
        } catch (JsonProcessingException e) {
            throw new MalformedChangeEvent("the key is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Long keyId(JsonParser json) throws IOException {
        Long id = null;
        for (String field; (field = json.nextFieldName()) != null; ) {
            JsonToken token = json.nextToken();
            if ("id".equals(field)) {
                id = longValue(json, token);
            } else if ("payload".equals(field) && token == JsonToken.START_OBJECT) {
                id = keyId(json);
            } else {
                json.skipChildren();
            }
        }
        return id;
    }

    /** A scalar as text (null for null), or null when the value is an object or array (skipped). */
    private static String text(JsonParser json) throws IOException {
        String text = json.getValueAsString();
        json.skipChildren();
        return text;
    }

    /** A whole number, or null when the value is anything else (skipped). */
    private static Long longValue(JsonParser json, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return json.getLongValue();
        }
        json.skipChildren();
        return null;
    }

    private static void require(PackageSnapshot row, String field, Operation op) throws MalformedChangeEvent {
        if (row == null) {
            throw new MalformedChangeEvent(field + " is missing in a '" + op.code() + "' event");
        }
    }

    private static void required(String value, String field, String name) throws MalformedChangeEvent {
        if (value == null) {
            throw new MalformedChangeEvent(field + "." + name + " is missing");
        }
    }
}

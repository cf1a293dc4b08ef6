package com.logistics.cdc.monitor.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against events captured from the real connector (src/test/resources/events, see its README). */
class ChangeEventParserTest {

    private final ChangeEventParser parser = new ChangeEventParser();

    @Test
    void insertWithoutSchemas() throws Exception {
        ChangeEvent event = parser.parse(resource("insert.key.json"), resource("insert.json"));
        assertThat(event.op()).isEqualTo(Operation.CREATE);
        assertThat(event.before()).isNull();
        assertThat(event.after().trackingCode()).isEqualTo("JT987654325BR");
        assertThat(event.after().status()).isEqualTo("Package Posted");
        assertThat(event.after().customerId()).isEqualTo(1);
        assertThat(event.after().nextAddress()).isEqualTo("Centro de Distribuição Cajamar - SP");
        assertThat(event.key()).isEqualTo(event.after().id());
        assertThat(event.lsn()).isPositive();
        assertThat(event.txId()).isNotNull();
        assertThat(event.committedAtMs()).isPositive().isLessThanOrEqualTo(event.emittedAtMs());
        assertThat(event.eventId()).isEqualTo(event.lsn() + ":package_status:" + event.key());
        assertThat(event.isMovement()).isTrue();
        assertThat(event.snapshot()).isFalse();
    }

    @Test
    void updateCarriesTheRowBeforeAndAfter() throws Exception {
        ChangeEvent event = parser.parse(null, resource("update.json"));
        assertThat(event.op()).isEqualTo(Operation.UPDATE);
        assertThat(event.previousStatus()).isEqualTo("Package Posted");
        assertThat(event.after().status()).isEqualTo("In Transit");
        assertThat(event.after().actualAddress()).isEqualTo(event.before().nextAddress());
        assertThat(event.after().version()).isEqualTo(event.before().version() + 1);
        assertThat(event.key()).as("from the row when there is no key").isEqualTo(event.after().id());
    }

    @Test
    void anUpdateWithoutTheRowBeforeIsStillAMovement() throws Exception {
        ObjectNode update = (ObjectNode) new ObjectMapper().readTree(resource("update.json"));
        update.putNull("before"); // what Debezium sends when the table's REPLICA IDENTITY is DEFAULT
        ChangeEvent event = parser.parse(null, new ObjectMapper().writeValueAsBytes(update));
        assertThat(event.op()).isEqualTo(Operation.UPDATE);
        assertThat(event.isMovement()).isTrue();
        assertThat(event.previousStatus()).isNull();
        assertThat(event.after().status()).isEqualTo("In Transit");
    }

    @Test
    void deleteCarriesTheRowBefore() throws Exception {
        ChangeEvent event = parser.parse(resource("delete.key.json"), resource("delete.json"));
        assertThat(event.op()).isEqualTo(Operation.DELETE);
        assertThat(event.after()).isNull();
        assertThat(event.current().trackingCode()).isEqualTo("JT987654325BR");
        assertThat(event.isMovement()).isFalse();
    }

    @Test
    void aTombstoneIsNotAnEvent() {
        assertThatThrownBy(() -> parser.parse(resource("delete.key.json"), null))
                .isInstanceOf(MalformedChangeEvent.class).hasMessageContaining("tombstone");
    }

    @Test
    void withSchemasTheSameEventsParseTheSame() throws Exception {
        ChangeEvent plain = parser.parse(resource("insert.key.json"), resource("insert.json"));
        ChangeEvent wrapped = parser.parse(resource("insert.schemas.key.json"), resource("insert.schemas.json"));
        assertThat(wrapped.after()).isEqualTo(plain.after());
        assertThat(wrapped.op()).isEqualTo(Operation.CREATE);
        assertThat(parser.parse(null, resource("update.schemas.json")).before().status()).isEqualTo("Package Posted");
        assertThat(parser.parse(null, resource("delete.schemas.json")).op()).isEqualTo(Operation.DELETE);
    }

    @Test
    void aSchemaSeenBeforeIsSkippedAndTheEventReadsTheSame() throws Exception {
        ChangeEventParser fresh = new ChangeEventParser();
        ChangeEvent first = fresh.parse(null, resource("update.schemas.json")); // read whole, its schema remembered
        ChangeEvent again = fresh.parse(null, resource("update.schemas.json")); // payload read alone
        assertThat(again).isEqualTo(first);
        assertThat(again).isEqualTo(parser.parse(null, resource("update.schemas.json")));

        String update = new String(resource("update.schemas.json"), StandardCharsets.UTF_8);
        String truncated = update.substring(0, update.length() - 40) + "}";
        assertThatThrownBy(() -> fresh.parse(null, truncated.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedChangeEvent.class).hasMessageContaining("not JSON");
        String trailing = update.substring(0, update.length() - 1) + ",\"extra\":[}";
        assertThatThrownBy(() -> fresh.parse(null, trailing.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedChangeEvent.class).hasMessageContaining("not JSON");
        String otherSchema = update.replace("\"optional\":false", "\"optional\":true");
        assertThat(fresh.parse(null, otherSchema.getBytes(StandardCharsets.UTF_8))).isEqualTo(first);
        assertThat(fresh.parse(null, resource("update.json")).after()).isEqualTo(first.after()); // schemas off: read whole
    }

    @Test
    void aValueOfTheWrongShapeDoesNotDerailTheRest() throws Exception {
        String odd = new String(resource("insert.json"), StandardCharsets.UTF_8)
                .replace("\"next_address\":\"Centro de Distribuição Cajamar - SP\"", "\"next_address\":{\"status\":\"x\"}");
        ChangeEvent event = parser.parse(null, odd.getBytes(StandardCharsets.UTF_8));
        assertThat(event.after().nextAddress()).isNull();
        assertThat(event.after().status()).isEqualTo("Package Posted");
        assertThatThrownBy(() -> parser.parse(null, "{\"op\":\"c\",\"after\":[1],\"source\":{\"lsn\":1}}".getBytes()))
                .hasMessage("after is not an object");
    }

    @Test
    void aSnapshotReadIsShownAsSuch() throws Exception {
        ChangeEvent event = parser.parse(null, resource("snapshot-read.schemas.json"));
        assertThat(event.op()).isEqualTo(Operation.READ);
        assertThat(event.snapshot()).isTrue();
        assertThat(event.after().trackingCode()).isEqualTo("SS123456785BR");
        assertThat(event.isMovement()).isFalse();
    }

    @Test
    void fieldsTheModelDoesNotKnowAreIgnored() throws Exception {
        String extended = new String(resource("insert.json"), StandardCharsets.UTF_8)
                .replace("\"op\":\"c\"", "\"op\":\"c\",\"new_debezium_field\":{\"x\":[1,2]}")
                .replace("\"hops_remaining\":", "\"weight_kg\":1.5,\"hops_remaining\":");
        assertThat(parser.parse(null, extended.getBytes(StandardCharsets.UTF_8)).after().trackingCode()).isEqualTo("JT987654325BR");
    }

    @Test
    void malformedMessagesSayWhy() {
        assertThatThrownBy(() -> parser.parse(null, resource("malformed-truncated.json")))
                .isInstanceOf(MalformedChangeEvent.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse(null, resource("malformed-unexpected.json")))
                .isInstanceOf(MalformedChangeEvent.class).hasMessage("after.id is missing or not a number");
        assertThatThrownBy(() -> parser.parse(null, "{\"op\":\"x\",\"source\":{\"lsn\":1}}".getBytes()))
                .hasMessageContaining("unknown op 'x'");
        assertThatThrownBy(() -> parser.parse(null, "{\"op\":\"c\",\"after\":{\"id\":1,\"customer_id\":2,\"tracking_code\":\"T\",\"actual_address\":\"a\",\"status\":\"s\"}}".getBytes()))
                .hasMessage("source.lsn is missing or not a number");
        assertThatThrownBy(() -> parser.parse(null, "{\"op\":\"c\",\"after\":{\"id\":\"x\"},\"source\":{\"lsn\":1}}".getBytes()))
                .hasMessage("after.id is missing or not a number");
        assertThatThrownBy(() -> parser.parse(null, "{\"op\":\"u\",\"source\":{\"lsn\":1}}".getBytes()))
                .hasMessage("after is missing in a 'u' event");
        assertThatThrownBy(() -> parser.parse(null, "[1,2]".getBytes())).hasMessageContaining("not a JSON object");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ChangeEventParserTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}

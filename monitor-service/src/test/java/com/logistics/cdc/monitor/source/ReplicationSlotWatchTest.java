package com.logistics.cdc.monitor.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logistics.cdc.monitor.source.ReplicationSlotWatch.ReplicationSlot;
import com.logistics.cdc.monitor.source.ReplicationSlotWatch.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** producer-service's health document, as its {@code /q/health/well} answers it, read into the dashboard's figures. */
class ReplicationSlotWatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSlotUnderItsThresholdIsOk() throws Exception {
        assertThat(read("UP", """
                {"slot": "package_status_slot", "exists": true, "active": true, "retainedWalBytes": 3461120,
                 "warningBytes": 1073741824, "lastError": ""}"""))
                .isEqualTo(new ReplicationSlot(State.OK, "package_status_slot", true, 3_461_120, 1_073_741_824L, ""));
    }

    @Test
    void aSlotPastItsThresholdIsAWarningWithItsFigures() throws Exception {
        assertThat(read("DOWN", """
                {"slot": "package_status_slot", "exists": true, "active": false, "retainedWalBytes": 5368709120,
                 "warningBytes": 1073741824, "lastError": ""}"""))
                .isEqualTo(new ReplicationSlot(State.WARNING, "package_status_slot", false, 5_368_709_120L, 1_073_741_824L, ""));
    }

    @Test
    void noSlotYetOrNoCheckIsUnknownAndSaysWhy() throws Exception {
        assertThat(read("UP", """
                {"slot": "package_status_slot", "exists": false, "active": false, "retainedWalBytes": 0,
                 "warningBytes": 1073741824, "lastError": ""}"""))
                .isEqualTo(ReplicationSlot.unknown("the connector has not made its slot package_status_slot yet"));
        ProducerHealth.Document other = JSON.readValue("""
                {"status": "UP", "checks": [{"name": "something-else", "status": "UP"}]}""", ProducerHealth.Document.class);
        assertThat(ReplicationSlotWatch.fromHealth(other))
                .isEqualTo(ReplicationSlot.unknown("producer-service reports no check replication-slot"));
    }

    private static ReplicationSlot read(String status, String data) throws Exception {
        String document = """
                {"status": "%s", "checks": [{"name": "replication-slot", "status": "%s", "data": %s}]}"""
                .formatted(status, status, data);
        return ReplicationSlotWatch.fromHealth(JSON.readValue(document, ProducerHealth.Document.class));
    }
}

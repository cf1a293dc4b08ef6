package com.logistics.cdc.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

    @Test
    void defaultsFollowTheContract() {
        StackConfig config = StackConfig.fromVariables(Map.<String, String>of("HOME", "/home/someone")::get);
        assertThat(config.postgresPort()).isEqualTo(5432);
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.connectPort()).isEqualTo(8083);
        assertThat(config.database()).isEqualTo("postgres");
        assertThat(config.user()).isEqualTo("postgres");
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.parts()).containsExactlyInAnyOrder(Part.values());
        assertThat(config.connectorFile()).endsWith(Path.of("deploy/debezium/package-status-connector.json")).exists();
        assertThat(config.migrations()).isDirectory();
    }

    @Test
    void everyValueIsOverriddenByTheEnvironment() {
        StackConfig config = StackConfig.fromVariables(Map.of(
                "STACK_HOME", "/tmp/elsewhere", "POSTGRES_PORT", "15432", "KAFKA_PORT", "19092",
                "KAFKA_CONTROLLER_PORT", "19093", "CONNECT_PORT", "18083", "POSTGRES_PASSWORD", "secret")::get);
        assertThat(config.home()).isEqualTo(Path.of("/tmp/elsewhere"));
        assertThat(config.ports()).extracting(StackPort::number).containsExactly(15432, 19092, 19093, 18083);
        assertThat(config.connectorEnvironment()).containsEntry("POSTGRES_PASSWORD", "secret");
    }

    @Test
    void aBadPortIsAClearError() {
        assertThatThrownBy(() -> StackConfig.fromVariables(Map.of("KAFKA_PORT", "90920")::get))
                .isInstanceOf(StackException.class)
                .hasMessage("KAFKA_PORT=90920 is not a TCP port (1-65535)");
    }

    @Test
    void connectWithoutKafkaIsRefused() {
        assertThatThrownBy(() -> StackConfig.throwAway(EnumSet.of(Part.POSTGRES, Part.CONNECT)))
                .hasMessageContaining("needs Kafka");
    }

    @Test
    void stateRoundTrips() throws Exception {
        StackConfig config = StackConfig.throwAway(EnumSet.of(Part.POSTGRES, Part.KAFKA));
        config.save();
        assertThat(StackConfig.load(config.home())).contains(config);
        Files.delete(config.home().resolve(StackConfig.STATE_FILE));
        Files.delete(config.home());
    }

    @Test
    void freePortsAreFreeDistinctAndNoneOfTheKernelsEphemeralOnes() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = StackConfig.freePort();
            assertThat(port).isBetween(10_000, StackConfig.firstEphemeralPort() - 1);
            assertThat(PortGuard.free("127.0.0.1", port)).as("port %d is free", port).isTrue();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }
}

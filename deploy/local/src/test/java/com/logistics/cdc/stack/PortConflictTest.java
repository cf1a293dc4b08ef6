package com.logistics.cdc.stack;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortConflictTest {

    @Test
    void aTakenPortFailsFastNamingThePortAndItsVariableAndStartsNothing() throws Exception {
        StackConfig free = StackConfig.throwAway(EnumSet.allOf(Part.class));
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();
            StackConfig config = free.withPorts(free.postgresPort(), free.kafkaPort(), free.controllerPort(), taken);

            long started = System.nanoTime();
            assertThatThrownBy(() -> LocalStack.start(config))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("nothing was started")
                    .hasMessageContaining("port " + taken + " (Kafka Connect REST) is already in use")
                    .hasMessageContaining("CONNECT_PORT=");
            assertThat((System.nanoTime() - started) / 1_000_000).as("fails fast, ms").isLessThan(5_000);

            assertThat(LocalStack.runningParts(config.home())).isEmpty();
            assertThat(config.home().resolve("postgres")).doesNotExist();
            assertThat(config.home().resolve("kafka")).doesNotExist();
            assertThat(config.home().resolve("run")).doesNotExist();
        } finally {
            Files.deleteIfExists(free.home());
        }
    }

    @Test
    void everyTakenPortIsNamed() throws Exception {
        StackConfig free = StackConfig.throwAway(EnumSet.allOf(Part.class));
        try (ServerSocket postgres = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket kafka = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackConfig config = free.withPorts(postgres.getLocalPort(), kafka.getLocalPort(), free.controllerPort(),
                    free.connectPort());
            assertThatThrownBy(() -> LocalStack.start(config))
                    .hasMessageContaining("POSTGRES_PORT=")
                    .hasMessageContaining("KAFKA_PORT=")
                    .hasMessageNotContaining("CONNECT_PORT=");
        } finally {
            Files.deleteIfExists(free.home());
        }
    }
}

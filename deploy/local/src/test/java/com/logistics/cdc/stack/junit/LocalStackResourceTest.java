package com.logistics.cdc.stack.junit;

import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.StackException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackResourceTest {

    private static StackConfig stack;

    @BeforeAll
    static void config() {
        stack = StackConfig.throwAway(EnumSet.allOf(Part.class));
    }

    @AfterAll
    static void deleteHome() throws IOException {
        Files.delete(stack.home());
    }

    @Test
    void aServiceWithADatasourceIsPointedAtEveryPart() {
        assertThat(LocalStackResource.quarkusConfig(stack, true))
                .containsEntry("quarkus.datasource.jdbc.url", stack.jdbcUrl())
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + stack.postgresPort() + "/postgres")
                .containsEntry("quarkus.datasource.username", "postgres")
                .containsEntry("kafka.bootstrap.servers", stack.bootstrapServers())
                .containsEntry("stack.connect.url", stack.connectUrl());
    }

    @Test
    void aServiceWithoutOneIsHandedNoDatasourceSettings() {
        assertThat(LocalStackResource.quarkusConfig(stack, false))
                .containsOnlyKeys("kafka.bootstrap.servers", "stack.connect.url");
    }

    @Test
    void anUnknownPartIsAClearError() {
        assertThatThrownBy(() -> new LocalStackResource().init(Map.of(LocalStackResource.PARTS, "postgres,zookeeper")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("Unknown stack part 'zookeeper'");
    }
}

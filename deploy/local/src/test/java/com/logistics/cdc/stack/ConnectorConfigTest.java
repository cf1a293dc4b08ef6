package com.logistics.cdc.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The one connector config shared by the local stack, Compose and Kubernetes. */
class ConnectorConfigTest {

    private final ConnectClient.ConnectorDefinition connector = ConnectClient.ConnectorDefinition.read(
            StackConfig.projectRoot().resolve(Path.of(StackConfig.CONNECTOR_FILE)));

    @Test
    void capturesExactlyPackageStatusThroughPgoutput() {
        assertThat(connector.name()).isEqualTo("package-status-connector");
        assertThat(connector.config())
                .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("topic.prefix", "dbserver1")
                .containsEntry("table.include.list", "public.package_status")
                .containsEntry("publication.name", "package_status_publication");
    }

    @Test
    void takesConnectionDetailsFromTheWorkerEnvironmentNeverFromTheFile() {
        assertThat(connector.config()).containsEntry("database.password", "${env:POSTGRES_PASSWORD}");
        assertThat(connector.config().get("database.hostname")).startsWith("${env:");
    }

    @Test
    void isTunedForLatencyAndThroughput() {
        assertThat(Integer.parseInt(connector.config().get("poll.interval.ms"))).isLessThanOrEqualTo(10);
        assertThat(Integer.parseInt(connector.config().get("max.batch.size"))).isGreaterThan(2048);
        assertThat(Integer.parseInt(connector.config().get("max.queue.size")))
                .isGreaterThan(Integer.parseInt(connector.config().get("max.batch.size")));
        assertThat(connector.config()).containsEntry("producer.override.linger.ms", "0");
    }
}

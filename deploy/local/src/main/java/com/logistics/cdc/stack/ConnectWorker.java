package com.logistics.cdc.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A Kafka Connect worker in distributed mode with the Debezium PostgreSQL connector on its plugin path. */
final class ConnectWorker {

    private final StackConfig config;

    ConnectWorker(StackConfig config) {
        this.config = config;
    }

    private Path directory() {
        return config.home().resolve("connect");
    }

    Process launch() {
        Path plugins = installDebezium();
        Path properties = directory().resolve("worker.properties");
        try {
            Files.writeString(properties, """
                    bootstrap.servers=%1$s
                    group.id=package-cdc-connect
                    listeners=http://%2$s:%3$d
                    rest.advertised.host.name=%2$s
                    rest.advertised.port=%3$d
                    key.converter=org.apache.kafka.connect.json.JsonConverter
                    value.converter=org.apache.kafka.connect.json.JsonConverter
                    config.storage.topic=connect-configs
                    offset.storage.topic=%5$s
                    status.storage.topic=connect-status
                    config.storage.replication.factor=1
                    offset.storage.replication.factor=1
                    status.storage.replication.factor=1
                    offset.storage.partitions=5
                    status.storage.partitions=1
                    offset.flush.interval.ms=1000
                    plugin.path=%4$s
                    plugin.discovery=service_load
                    config.providers=env
                    config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
                    connector.client.config.override.policy=All
                    """.formatted(config.bootstrapServers(), config.host(), config.connectPort(), plugins,
                            StackConfig.CONNECT_OFFSETS_TOPIC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // offset.flush.interval.ms=1000: after a crash Connect re-sends at most ~1 s of events (consumers dedupe)
        Process process = Processes.startJava("org.apache.kafka.connect.cli.ConnectDistributed",
                List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                        "-Dpackage-cdc.stack=" + config.home(),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn",
                        "-Dorg.slf4j.simpleLogger.log.org.reflections=error"),
                List.of(properties.toString()), config.logFile(Part.CONNECT), config.connectorEnvironment());
        Processes.writePid(config.pidFile(Part.CONNECT), process.pid());
        return process;
    }

    /** Links the connector's jars into plugins/debezium-connector-postgres: one isolated plugin. */
    private Path installDebezium() {
        Path plugins = directory().resolve("plugins");
        Path connector = plugins.resolve("debezium-connector-postgres");
        try {
            if (Files.isDirectory(connector)) {
                try (var old = Files.list(connector)) {
                    for (Path link : old.toList()) {
                        Files.delete(link);
                    }
                }
            }
            Files.createDirectories(connector);
            for (Path jar : ServerClasspath.debezium()) {
                Files.createSymbolicLink(connector.resolve(jar.getFileName()), jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plugins;
    }
}

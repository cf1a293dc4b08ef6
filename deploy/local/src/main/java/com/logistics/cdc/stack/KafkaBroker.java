package com.logistics.cdc.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A single Kafka node in KRaft mode, broker and controller in one JVM. */
final class KafkaBroker {

    private final StackConfig config;

    KafkaBroker(StackConfig config) {
        this.config = config;
    }

    private Path directory() {
        return config.home().resolve("kafka");
    }

    /** Writes the configuration, formats the storage once, and starts the JVM without waiting for it. */
    Process launch() {
        Path properties = directory().resolve("server.properties");
        Path data = directory().resolve("data");
        write(properties, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@%1$s:%3$d
                listeners=PLAINTEXT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
                advertised.listeners=PLAINTEXT://%1$s:%2$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%4$s
                num.partitions=1
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=10
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.hours=168
                """.formatted(config.host(), config.kafkaPort(), config.controllerPort(), data));
        if (!Files.exists(data.resolve("meta.properties"))) {
            Processes.runJava("kafka.tools.StorageTool",
                    List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString(),
                            "--ignore-formatted"),
                    config.logFile(Part.KAFKA), Duration.ofSeconds(60));
        }
        Process process = Processes.startJava("kafka.Kafka", jvmOptions(), List.of(properties.toString()),
                config.logFile(Part.KAFKA), Map.of());
        Processes.writePid(config.pidFile(Part.KAFKA), process.pid());
        return process;
    }

    private List<String> jvmOptions() {
        return List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "-Dpackage-cdc.stack=" + config.home(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.kafka.log=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.storage.internals.log=warn");
    }

    /** An admin client for the readiness checks of one start: it keeps trying to connect while Kafka starts. */
    static Admin admin(StackConfig config) {
        return Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
    }

    /** Ready when the broker answers an admin request. */
    static boolean ready(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.dashboard.MovementLog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Consumer lag: events in the topic not handled yet, per partition the end offset minus the next offset to
 * handle (what this instance handled, or the group's committed offset when it handled nothing there yet).
 */
@ApplicationScoped
public class LagMonitor {

    private final Map<Integer, Long> nextToHandle = new ConcurrentHashMap<>();
    private final MovementLog log;
    private final String topic;
    private final String bootstrapServers;
    private final String groupId;
    private Admin admin;

    public LagMonitor(MovementLog log, MonitorConfig config,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @ConfigProperty(name = "mp.messaging.incoming.package-status.group.id") String groupId) {
        this.log = log;
        this.topic = config.topic();
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
    }

    void processed(int partition, long offset) {
        nextToHandle.merge(partition, offset + 1, Math::max);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            Admin client = admin();
            var partitions = client.describeTopics(java.util.List.of(topic)).allTopicNames().get(2, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var committed = client.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
            long total = 0;
            for (var entry : client.listOffsets(request).all().get(2, TimeUnit.SECONDS).entrySet()) {
                var groupOffset = committed.get(entry.getKey());
                long next = nextToHandle.getOrDefault(entry.getKey().partition(), groupOffset == null ? 0L : groupOffset.offset());
                total += Math.max(0, entry.getValue().offset() - next);
            }
            log.lag(total);
        } catch (Exception e) {
            // the topic may not exist yet, or Kafka is restarting: keep the last value
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2500));
        }
        return admin;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
        }
    }
}

package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.kafka.KafkaAdmin;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The dead-letter topic ({@code <topic>.unreadable}): the unreadable message as it was, with why, and where it came
 * from, in the headers SmallRye's own dead-letter queue uses. The emitter's buffer is unbounded because what
 * bounds it is the consumer: a poll (at most {@code max.poll.records}) sends its dead letters at once, and at
 * most two polls wait for their writes. With SmallRye's default of 128 (plus the Kafka sink's 1,024 in flight), a
 * poll of more unreadable messages, or of movements of an unconfigured customer, failed and stopped the stream.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final KafkaAdmin admin;
    private final String topic;
    private final int valueLimit;

    public DeadLetters(@Channel("unreadable-change-events") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                       MutinyEmitter<byte[]> emitter, KafkaAdmin admin,
                       @ConfigProperty(name = "mp.messaging.outgoing.unreadable-change-events.topic") String topic,
                       MonitorConfig config) {
        this.emitter = emitter;
        this.admin = admin;
        this.topic = topic;
        this.valueLimit = config.unreadableValueLimit();
    }

    /**
     * Creates the topic, if it does not exist, with no retention: created by the first dead letter, it would have
     * the broker's (a week by default), and a dead letter nobody looked at within it would be gone. Off the start's
     * path (making the admin client is not free): the stream starts meanwhile.
     */
    void onStart(@Observes StartupEvent event) {
        Thread.ofVirtual().name("dead-letter-topic").start(() -> admin
                .createIfAbsent(KafkaAdmin.keptForever(new NewTopic(topic, Optional.empty(), Optional.empty())))
                .whenComplete((created, failure) -> {
                    if (failure != null) {
                        LOG.warnf("Could not create %s (%s): the first dead letter creates it with the broker's retention",
                                topic, failure.getMessage());
                    }
                }));
    }

    /** Completes once the broker has the message. */
    public Uni<Void> send(String topic, int partition, long offset, byte[] key, byte[] value, Exception reason) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", reason.getMessage());
        header(headers, "dead-letter-cause", reason.getClass().getName());
        header(headers, "dead-letter-topic", topic);
        header(headers, "dead-letter-partition", Integer.toString(partition));
        header(headers, "dead-letter-offset", Long.toString(offset));
        byte[] kept = value;
        if (value != null && value.length > valueLimit) { // by reference: the whole message is at topic/partition/offset
            header(headers, "dead-letter-value-bytes", Integer.toString(value.length));
            kept = Arrays.copyOf(value, valueLimit);
        }
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(key).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(kept).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}

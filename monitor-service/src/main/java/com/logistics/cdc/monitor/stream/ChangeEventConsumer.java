package com.logistics.cdc.monitor.stream;

import com.logistics.cdc.monitor.dashboard.Movement;
import com.logistics.cdc.monitor.dashboard.MovementLog;
import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.ChangeEventParser;
import com.logistics.cdc.monitor.event.MalformedChangeEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Consumes the Debezium topic of package_status. Each message is acknowledged only once handled, so the
 * throttled commit strategy never commits an offset ahead of it; an unreadable message is nacked with its
 * reason and goes to the dead-letter topic, and the stream goes on.
 */
@ApplicationScoped
public class ChangeEventConsumer {

    private static final Logger LOG = Logger.getLogger(ChangeEventConsumer.class);

    private final ChangeEventParser parser;
    private final Deduplicator deduplicator;
    private final MovementLog log;
    private final LagMonitor lag;

    public ChangeEventConsumer(ChangeEventParser parser, Deduplicator deduplicator, MovementLog log, LagMonitor lag) {
        this.parser = parser;
        this.deduplicator = deduplicator;
        this.log = log;
        this.lag = lag;
    }

    @Incoming("package-status")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        var kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        int partition = kafka.map(IncomingKafkaRecordMetadata::getPartition).orElse(-1);
        long offset = kafka.map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        kafka.ifPresent(meta -> lag.processed(meta.getPartition(), meta.getOffset()));
        if (message.getPayload() == null) {
            log.tombstone(); // follows a delete; compaction uses it, we have nothing to show
            return message.ack();
        }
        ChangeEvent event;
        try {
            event = parser.parse(key(kafka.map(IncomingKafkaRecordMetadata::getKey).orElse(null)), message.getPayload());
        } catch (MalformedChangeEvent e) {
            log.malformed();
            LOG.warnf("Dead-lettering the message at partition %d offset %d: %s", partition, offset, e.getMessage());
            return message.nack(e);
        }
        if (!deduplicator.firstTime(event.eventId())) {
            log.duplicate();
            return message.ack();
        }
        log.record(Movement.of(event, System.currentTimeMillis(), partition, offset), event.op().code());
        return message.ack();
    }

    private static byte[] key(Object key) {
        if (key == null) {
            return null;
        }
        return key instanceof byte[] bytes ? bytes : key.toString().getBytes(StandardCharsets.UTF_8);
    }
}

package dev.authz.examples.accesscache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.CloudEventHeaders;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventEnvelope;
import dev.authz.api.event.EventTypes;
import dev.authz.api.event.MetadataKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Produces records exactly as the command side's publisher does: the shared-api envelope as JSON, key = aggregate
 * id, the CloudEvents headers of {@link CloudEventHeaders#of}, one gapless sequence per aggregate.
 */
final class TopicFeed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Long> sequences = new HashMap<>();
    private int sent;

    TopicFeed(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Sends the next event of its aggregate; returns the record, so a test can send it again (a publisher resend). */
    ProducerRecord<String, String> send(DomainEvent event) {
        return send(event, EventTypes.versionOf(event.getClass()));
    }

    /** The same, declaring another schema version than the event's own (as a newer release would). */
    ProducerRecord<String, String> send(DomainEvent event, int schemaVersion) {
        long sequence = sequences.merge(event.aggregateId(), 0L, (last, zero) -> last + 1);
        EventEnvelope<DomainEvent> envelope = new EventEnvelope<>(UUID.randomUUID().toString(),
                EventTypes.nameOf(event.getClass()), schemaVersion,
                event.aggregateType(), event.aggregateId(), sequence, event.poolId(), Instant.now().toString(),
                Map.of(MetadataKeys.POOL_ID, event.poolId(), MetadataKeys.REQUEST_ID, "req-" + (sent + 1)), event);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(envelope).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, event.aggregateId(),
                    JSON.writeValueAsString(envelope), headers);
            resend(record);
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void resend(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
            sent++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records sent, duplicates included. */
    int sent() {
        return sent;
    }

    @Override
    public void close() {
        producer.close();
    }
}

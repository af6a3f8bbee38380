package dev.authz.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventEnvelope;
import dev.authz.api.event.EventTypes;
import dev.authz.api.event.GroupEvent;
import dev.authz.api.event.MetadataKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events to the topic the way the command side does: EventEnvelope JSON, key = aggregate id, stored
 * first in the {@link FakeEventFeed} that plays the event store for rebuilds.
 */
final class EventStream {
    static final String TOPIC = "authz.events";

    /** One record ready to send; {@code position} is what /internal/v1/applied waits for. */
    record Record(String key, String json, String position) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final KafkaProducer<String, String> producer;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final FakeEventFeed store;

    EventStream(String bootstrapServers, FakeEventFeed store) {
        this.store = store;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** The next event of its aggregate, not yet sent. */
    Record next(DomainEvent event) {
        return next(event, Instant.now());
    }

    /** The next event of its aggregate, stamped with the given time, not yet sent. */
    Record next(DomainEvent event, Instant occurredAt) {
        return next(event.poolId(), event.aggregateId(), EventTypes.nameOf(event.getClass()),
                EventTypes.versionOf(event.getClass()), event instanceof GroupEvent ? "Group" : "User", event,
                occurredAt);
    }

    /** The next event of an aggregate as raw data of any schema version, e.g. one an older release published. */
    Record next(String poolId, String aggregateId, String type, int schemaVersion, String aggregateType, Object data) {
        return next(poolId, aggregateId, type, schemaVersion, aggregateType, data, Instant.now());
    }

    private Record next(String poolId, String aggregateId, String type, int schemaVersion, String aggregateType,
                        Object data, Instant occurredAt) {
        long sequence = sequences.computeIfAbsent(aggregateId, id -> new AtomicLong()).getAndIncrement();
        EventEnvelope<Object> envelope = new EventEnvelope<>(UUID.randomUUID().toString(), type, schemaVersion,
                aggregateType, aggregateId, sequence, poolId, occurredAt.toString(),
                Map.of(MetadataKeys.POOL_ID, poolId, MetadataKeys.REQUEST_ID, "req-" + sequence), data);
        try {
            return new Record(aggregateId, mapper.writeValueAsString(envelope), aggregateId + ":" + sequence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the event and returns its position. */
    String publish(DomainEvent event) {
        Record record = next(event);
        send(record);
        return record.position();
    }

    /**
     * Sends the events without waiting for each acknowledgement (so they reach the consumers as close together as
     * the broker allows), then waits for all; returns their positions.
     */
    List<String> publishAll(List<? extends DomainEvent> events) {
        List<Record> records = events.stream().map(this::next).toList();
        records.stream().map(record -> storeAndSend(null, record.key(), record.json())).toList()
                .forEach(EventStream::await);
        return records.stream().map(Record::position).toList();
    }

    void send(Record record) {
        sendRaw(null, record.key(), record.json());
    }

    /** Stores the value (when it is an envelope) in the fake event store, then sends it. */
    void sendRaw(Integer partition, String key, String value) {
        await(storeAndSend(partition, key, value));
    }

    private Future<RecordMetadata> storeAndSend(Integer partition, String key, String value) {
        store.store(value);
        return producer.send(new ProducerRecord<>(TOPIC, partition, key, value));
    }

    private static void await(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.authz.command.publishing;

import dev.authz.api.event.CloudEventHeaders;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventEnvelope;
import dev.authz.api.event.EventTypes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a stored event into the record of the public stream: JSON envelope plus CloudEvents headers. The internal
 * event feed (read-model rebuild) serves the same envelopes.
 */
public final class EventEnvelopes {
    private EventEnvelopes() {
    }

    public static EventEnvelope<DomainEvent> envelope(DomainEventMessage<?> message) {
        DomainEvent event = (DomainEvent) message.getPayload();
        Map<String, String> metadata = new TreeMap<>();
        message.getMetaData().forEach((key, value) -> metadata.put(key, String.valueOf(value)));
        return new EventEnvelope<>(message.getIdentifier(), EventTypes.nameOf(event.getClass()),
                EventTypes.versionOf(event.getClass()), event.aggregateType(), event.aggregateId(),
                message.getSequenceNumber(), event.poolId(), message.getTimestamp().toString(), metadata, event);
    }

    static ProducerRecord<String, String> record(String topic, EventEnvelope<DomainEvent> envelope, String json) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(envelope).forEach((name, value) ->
                headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, envelope.aggregateId(), json, headers);
    }
}

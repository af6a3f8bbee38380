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

/** Turns a stored event into the record of the public stream: JSON envelope plus CloudEvents headers. */
final class EventEnvelopes {
    private EventEnvelopes() {
    }

    static EventEnvelope<DomainEvent> envelope(DomainEventMessage<?> message) {
        DomainEvent event = (DomainEvent) message.getPayload();
        Map<String, String> metadata = new TreeMap<>();
        message.getMetaData().forEach((key, value) -> metadata.put(key, String.valueOf(value)));
        return new EventEnvelope<>(message.getIdentifier(), EventTypes.nameOf(event.getClass()),
                EventTypes.versionOf(event.getClass()), event.aggregateType(), event.aggregateId(),
                message.getSequenceNumber(), event.poolId(), message.getTimestamp().toString(), metadata, event);
    }

    static ProducerRecord<String, String> record(String topic, EventEnvelope<DomainEvent> envelope, String json) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, envelope.eventId());
        header(headers, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(headers, CloudEventHeaders.TYPE, CloudEventHeaders.ceType(envelope.type(), envelope.schemaVersion()));
        header(headers, CloudEventHeaders.SOURCE, CloudEventHeaders.ceSource(envelope.poolId()));
        header(headers, CloudEventHeaders.SUBJECT, envelope.aggregateType() + "/" + envelope.aggregateId());
        header(headers, CloudEventHeaders.TIME, envelope.occurredAt());
        header(headers, CloudEventHeaders.DATA_SCHEMA_VERSION, String.valueOf(envelope.schemaVersion()));
        header(headers, CloudEventHeaders.CONTENT_TYPE, "application/json");
        return new ProducerRecord<>(topic, null, envelope.aggregateId(), json, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.authz.query.consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventTypes;
import dev.authz.api.event.EventVersions;
import dev.authz.api.event.MetadataKeys;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads the JSON {@code EventEnvelope} the command side publishes; anything malformed is a poison record. A record of
 * an older schema version (still on the topic from before an upgrade) is upcast with the same steps the event store
 * uses; one newer than this build knows is a poison record too (dead-lettered, so it can be replayed after the
 * upgrade instead of being lost).
 */
@Component
public class EventParser {
    // Own mapper: tolerant of fields added by newer producers, unlike the strict one used for requests.
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public EventRecord parse(String value) {
        if (value == null) {
            throw new PoisonEventException("record has no value");
        }
        JsonNode envelope;
        try {
            envelope = mapper.readTree(value);
        } catch (IOException e) {
            throw new PoisonEventException("value is not JSON: " + e.getMessage(), e);
        }
        return parse(envelope);
    }

    /** The same for an envelope already read as JSON (the rebuild's event feed). */
    public EventRecord parse(JsonNode envelope) {
        if (!envelope.isObject()) {
            throw new PoisonEventException("envelope is not a JSON object");
        }
        String type = text(envelope, "type");
        String aggregateId = text(envelope, "aggregateId");
        String poolId = text(envelope, "poolId");
        JsonNode sequence = envelope.path("sequence");
        if (!sequence.canConvertToLong() || sequence.asLong() < 0) {
            throw new PoisonEventException("envelope has no valid sequence");
        }
        Instant occurredAt = occurredAt(text(envelope, "occurredAt"));
        String requestId = envelope.path("metadata").path(MetadataKeys.REQUEST_ID).asText(null);
        Class<? extends DomainEvent> eventClass = EventTypes.classOf(type);
        DomainEvent event = eventClass == null ? null : data(envelope, type, eventClass);
        if (event != null && (!poolId.equals(event.poolId()) || !aggregateId.equals(event.aggregateId()))) {
            throw new PoisonEventException("envelope poolId/aggregateId disagree with the event data");
        }
        return new EventRecord(envelope.path("eventId").asText(null), type, aggregateId, sequence.asLong(),
                poolId, occurredAt, requestId, event);
    }

    /** The request id of a record, for logging a record that may not parse at all. */
    public String requestIdOf(String value) {
        try {
            return mapper.readTree(value).path("metadata").path(MetadataKeys.REQUEST_ID).asText("-");
        } catch (IOException | RuntimeException e) {
            return "-";
        }
    }

    private DomainEvent data(JsonNode envelope, String type, Class<? extends DomainEvent> eventClass) {
        JsonNode data = envelope.path("data");
        if (!data.isObject()) {
            throw new PoisonEventException("envelope has no data object");
        }
        JsonNode version = envelope.path("schemaVersion");
        if (!version.canConvertToInt()) {
            throw new PoisonEventException("envelope has no valid schemaVersion");
        }
        try {
            return mapper.treeToValue(toCurrentVersion(type, version.asInt(), eventClass, data), eventClass);
        } catch (IOException | IllegalArgumentException e) {
            throw new PoisonEventException("data is not a valid " + eventClass.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private JsonNode toCurrentVersion(String type, int version, Class<? extends DomainEvent> eventClass, JsonNode data) {
        if (version == EventTypes.versionOf(eventClass)) {
            return data;
        }
        try {
            return mapper.valueToTree(EventVersions.toCurrent(type, version, mapper.convertValue(data, Map.class)));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(e.getMessage(), e);
        }
    }

    private static Instant occurredAt(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("occurredAt is not an ISO instant: " + text, e);
        }
    }

    private static String text(JsonNode envelope, String field) {
        JsonNode node = envelope.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new PoisonEventException("envelope has no " + field);
        }
        return node.asText();
    }
}

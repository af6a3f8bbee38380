package dev.authz.command.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventTypes;
import dev.authz.api.event.EventVersions;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a stored public event written at an older version (payload_revision) as its current version, with the
 * shared steps of {@link EventVersions}: aggregates load from old streams, and the Kafka publisher sends the
 * current version of every event, whenever it was stored. The stored rows are never rewritten.
 */
public class StoredEventUpcaster extends SingleEventUpcaster {
    private static final Map<String, Class<? extends DomainEvent>> BY_PAYLOAD_TYPE = EventTypes.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    private final ObjectMapper json;

    public StoredEventUpcaster(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation stored) {
        Class<? extends DomainEvent> eventClass = BY_PAYLOAD_TYPE.get(stored.getType().getName());
        String revision = stored.getType().getRevision();
        return eventClass != null && revision != null && Integer.parseInt(revision) < EventTypes.versionOf(eventClass);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation stored) {
        Class<? extends DomainEvent> eventClass = BY_PAYLOAD_TYPE.get(stored.getType().getName());
        String name = EventTypes.nameOf(eventClass);
        int storedVersion = Integer.parseInt(stored.getType().getRevision());
        int current = EventTypes.versionOf(eventClass);
        return stored.upcastPayload(new SimpleSerializedType(eventClass.getName(), String.valueOf(current)),
                JsonNode.class, payload -> json.valueToTree(
                        EventVersions.toCurrent(name, storedVersion, json.convertValue(payload, Map.class))));
    }
}

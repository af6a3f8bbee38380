package dev.authz.api.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The JSON value of every record on the public event topic. {@code data} is the event record itself,
 * serialized as JSON; {@code eventId} is the deduplication key; {@code sequence} is the event's position in
 * its aggregate's stream (0-based, gapless), so consumers can ignore anything they have already applied.
 *
 * <p>Kafka headers mirror the identifying fields as CloudEvents binary-mode attributes: see {@link CloudEventHeaders}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope<T>(
        String eventId,
        String type,
        int schemaVersion,
        String aggregateType,
        String aggregateId,
        long sequence,
        String poolId,
        String occurredAt,
        Map<String, String> metadata,
        T data) {
}

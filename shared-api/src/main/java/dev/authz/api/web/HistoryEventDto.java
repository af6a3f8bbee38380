package dev.authz.api.web;

import dev.authz.api.event.DomainEvent;

import java.util.Map;

/**
 * One stored event of an entity's history: its position in the aggregate's stream (0-based, gapless), the
 * public type name and schema version, when it happened, the event itself as JSON and the request metadata
 * it was written under (poolId, requestId, operation, clientIp and userAgent when known).
 */
public record HistoryEventDto(long sequence, String eventId, String type, int schemaVersion, String occurredAt,
                              DomainEvent payload, Map<String, String> metadata) {
}

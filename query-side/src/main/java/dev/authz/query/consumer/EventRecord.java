package dev.authz.query.consumer;

import dev.authz.api.event.DomainEvent;

import java.time.Instant;

/**
 * One record of the event topic, parsed: the envelope's routing fields and the typed event. {@code event} is
 * null when this build does not know the type (a newer producer): such records are skipped, not dead-lettered.
 */
public record EventRecord(String eventId, String type, String aggregateId, long sequence, String poolId,
                          Instant occurredAt, String requestId, DomainEvent event) {
}

package dev.authz.query.consumer;

import dev.authz.api.event.DomainEvent;

import java.time.Instant;

/**
 * A read model fed by the event stream. Every projection sees every event (it ignores the ones it does not
 * need), and each of its writes must be idempotent on its own: a redelivered event may reach it again.
 */
public interface Projection {
    void apply(DomainEvent event, Instant occurredAt);
}

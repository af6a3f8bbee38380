package dev.authz.api.event;

/**
 * Every event carries the user pool it belongs to (tenancy from the first line) and the id of the
 * aggregate whose stream it is part of; the aggregate id is the Kafka key, so one aggregate's events stay
 * in order.
 */
public interface DomainEvent {
    String poolId();

    String aggregateId();

    /** "group", "user", ...: lets consumers route without knowing every event type. */
    String aggregateType();
}

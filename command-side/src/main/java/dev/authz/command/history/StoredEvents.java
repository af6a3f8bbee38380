package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.MetadataKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The PostgreSQL event store as history: one aggregate's stream through the (aggregate_identifier,
 * sequence_number) index, or every event in global order. Reads always start at sequence 0 and never at a
 * snapshot: history and time travel need the events themselves.
 */
@Component
public class StoredEvents {
    private final EventStore eventStore;
    private final EventStorageEngine storage;

    public StoredEvents(EventStore eventStore, EventStorageEngine storage) {
        this.eventStore = eventStore;
        this.storage = storage;
    }

    /** The first event of an aggregate: it says what kind of entity it is and which pool owns it. */
    public Optional<DomainEvent> first(String aggregateId) {
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0L);
        return stream.hasNext() ? Optional.of(domainEvent(stream.next())) : Optional.empty();
    }

    /** How many events the aggregate has (sequences are gapless from 0). */
    public long count(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
    }

    /** At most {@code limit} events from sequence {@code firstSequence} on, oldest first. */
    public List<DomainEventMessage<?>> page(String aggregateId, long firstSequence, int limit) {
        DomainEventStream stream = eventStore.readEvents(aggregateId, firstSequence);
        List<DomainEventMessage<?>> page = new ArrayList<>(limit);
        while (page.size() < limit && stream.hasNext()) {
            page.add(stream.next());
        }
        return page;
    }

    /** Feeds the aggregate's events that happened at or before {@code until}, in order. */
    public void replay(String aggregateId, Instant until, Consumer<DomainEvent> state) {
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0L);
        while (stream.hasNext() && !stream.peek().getTimestamp().isAfter(until)) {
            state.accept(domainEvent(stream.next()));
        }
    }

    /**
     * Feeds the pool's events that happened at or before {@code until} in global (append) order, streaming
     * batch by batch, and stops at the first event after {@code until}. The pool is read from the metadata
     * first (cheap: other pools' payloads are never deserialized), from the payload when metadata lacks it.
     */
    public void scanPool(String poolId, Instant until, Consumer<DomainEvent> model) {
        try (Stream<? extends TrackedEventMessage<?>> all = storage.readEvents(null, false)) {
            all.takeWhile(message -> !message.getTimestamp().isAfter(until))
                    .filter(message -> mayBelongTo(message, poolId))
                    .map(EventMessage::getPayload)
                    .filter(payload -> payload instanceof DomainEvent event && poolId.equals(event.poolId()))
                    .forEach(payload -> model.accept((DomainEvent) payload));
        }
    }

    private static boolean mayBelongTo(EventMessage<?> message, String poolId) {
        Object pool = message.getMetaData().get(MetadataKeys.POOL_ID);
        return pool == null || poolId.equals(pool);
    }

    static DomainEvent domainEvent(DomainEventMessage<?> message) {
        if (message.getPayload() instanceof DomainEvent event) {
            return event;
        }
        throw new IllegalStateException("not a public event: " + message.getPayloadType().getName());
    }
}

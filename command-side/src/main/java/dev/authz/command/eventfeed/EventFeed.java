package dev.authz.command.eventfeed;

import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventEnvelope;
import dev.authz.command.publishing.EventEnvelopes;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stored events in global order, read through Axon's storage engine (so the configured upcasters apply,
 * exactly as for the Kafka publisher) and turned into the envelopes the publisher sends.
 */
@Component
public class EventFeed {
    private final EventStorageEngine storage;

    public EventFeed(EventStorageEngine storage) {
        this.storage = storage;
    }

    /** One stored event: its global index and its envelope. */
    public record FeedEvent(long position, EventEnvelope<DomainEvent> envelope) {
    }

    /**
     * Up to {@code limit} events after the cursor; {@code next} continues after the last of them, {@code head} is
     * the highest global index stored when the page was read (-1: none). Fewer events than asked: caught up.
     */
    public record Page(List<FeedEvent> events, String next, long head) {
    }

    Page read(FeedCursor after, int limit) {
        List<FeedEvent> events = new ArrayList<>();
        TrackingToken last = after.token();
        // Before reading: events stored while we read may lie above it, never below what we return.
        long head = position(storage.createHeadToken());
        try (Stream<? extends TrackedEventMessage<?>> stored = storage.readEvents(after.token(), false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stored.iterator();
            while (events.size() < limit && iterator.hasNext()) {
                TrackedEventMessage<?> message = iterator.next();
                last = message.trackingToken();
                // Anything else (no aggregate, a payload this build cannot read) is not part of the public stream.
                if (message instanceof DomainEventMessage<?> domain && domain.getPayload() instanceof DomainEvent) {
                    events.add(new FeedEvent(position(last), EventEnvelopes.envelope(domain)));
                }
            }
        }
        return new Page(events, FeedCursor.of(last).toString(), Math.max(head, position(last)));
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}

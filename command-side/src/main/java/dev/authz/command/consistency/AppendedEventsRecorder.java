package dev.authz.command.consistency;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Notes the position of every event a command applies, as it is staged in the event store. */
@Component
public class AppendedEventsRecorder {
    public AppendedEventsRecorder(EventStore eventStore) {
        eventStore.registerDispatchInterceptor(messages -> {
            for (var message : messages) {
                if (message instanceof DomainEventMessage<?> event) {
                    AppendedEvents.record(event.getAggregateIdentifier(), event.getSequenceNumber(),
                            event.getTimestamp());
                }
            }
            return (index, message) -> message;
        });
    }
}

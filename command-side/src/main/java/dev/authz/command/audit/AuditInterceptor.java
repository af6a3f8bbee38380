package dev.authz.command.audit;

import dev.authz.api.event.AdminActionRecorded;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventTypes;
import dev.authz.api.event.MetadataKeys;
import dev.authz.command.audit.AuditedOperations.Operation;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Records the audit entry of an accepted write in the write's own unit of work, hence its own transaction:
 * the entry is stored if and only if the write's events and lookup rows are. A command retried after a
 * concurrency conflict runs in a fresh unit of work, so only the attempt that commits leaves an entry.
 *
 * <p>Two steps. Around the command handler: the target's state before and after, then a draft entry is
 * staged (it is the unit of work's last event). When the unit of work hands its events to the event store,
 * a dispatch interceptor completes the draft with every event staged before it: that is the only point
 * where Axon shows all of a unit of work's events, and it is still inside the transaction. Those events are
 * also the "after" of a write whose change the target's state does not show (a batch, a member add).
 */
@Component
class AuditInterceptor {
    private final AggregateStates states;
    private final AuditEntries entries;

    AuditInterceptor(CommandBus commandBus, EventStore eventStore, AggregateStates states, AuditEntries entries) {
        this.states = states;
        this.entries = entries;
        // Registered here, explicitly: a MessageHandlerInterceptor bean would be registered a second time by Axon.
        commandBus.registerHandlerInterceptor((MessageHandlerInterceptor<CommandMessage<?>>) this::handle);
        eventStore.registerDispatchInterceptor(this::completeDrafts);
    }

    private Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        AuditScope scope = AuditScope.current().filter(s -> !s.recorded()).orElse(null);
        if (scope == null) {
            // Not a write request (startup work), or its entry is already stored by an earlier command.
            return chain.proceed();
        }
        unitOfWork.registerCorrelationDataProvider(message -> Map.of(MetadataKeys.AUDIT_ENTRY_ID, scope.entryId()));
        AggregateStates.Target target = states.targetOf(unitOfWork.getMessage());
        String before = target == null ? null : target.before();
        Object result = chain.proceed();
        String after = target == null ? null : target.after();
        Operation operation = AuditedOperations.of(scope.operation()).resolve(before != null);
        entries.append(entries.entry(scope, operation, true, null, null, before, after, null));
        unitOfWork.afterCommit(committed -> scope.markRecorded());
        return result;
    }

    /** Replaces each draft (an entry without changes) with the entry completed by the batch's other events. */
    private BiFunction<Integer, EventMessage<?>, EventMessage<?>> completeDrafts(List<? extends EventMessage<?>> batch) {
        Map<Integer, EventMessage<?>> completed = new LinkedHashMap<>();
        List<EventMessage<?>> others = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            EventMessage<?> message = batch.get(i);
            if (message.getPayload() instanceof AdminActionRecorded draft && draft.changes() == null) {
                completed.put(i, complete((DomainEventMessage<?>) message, draft, others));
            } else if (!(message.getPayload() instanceof AdminActionRecorded)) {
                others.add(message);
            }
        }
        return (index, message) -> completed.getOrDefault(index, message);
    }

    private EventMessage<?> complete(DomainEventMessage<?> message, AdminActionRecorded draft,
                                     List<EventMessage<?>> appended) {
        List<AdminActionRecorded.Change> changes = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventMessage<?> event : appended) {
            if (event.getPayload() instanceof DomainEvent domainEvent) {
                String type = EventTypes.nameOf(domainEvent.getClass());
                changes.add(new AdminActionRecorded.Change(type, domainEvent.aggregateId()));
                events.add(Map.of("type", type, "aggregateId", domainEvent.aggregateId(), "data", domainEvent));
            }
        }
        // The target's new state says what changed, unless the change lives outside the aggregate's state
        // (members, role assignments) or there is no single target (batches): then the events say it.
        boolean stateShowsTheChange = draft.after() != null
                && (changes.isEmpty() || !draft.after().equals(draft.before()));
        String after = stateShowsTheChange ? draft.after() : entries.toJson(events);
        return new GenericDomainEventMessage<>(message.getType(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), draft.withChanges(changes, after), message.getMetaData(),
                message.getIdentifier(), message.getTimestamp());
    }
}

package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventTypes;
import dev.authz.api.web.CodeHolderDto;
import dev.authz.api.web.EntityHistoryDto;
import dev.authz.api.web.HistoryEventDto;
import dev.authz.command.history.CodeHistory.Holder;
import dev.authz.command.lookup.CodeRegistry.Kind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Pages of one entity's stored events, found by id or by any code it ever held. */
@Component
public class EntityHistory {
    private final StoredEvents events;
    private final CodeHistory codes;

    public EntityHistory(StoredEvents events, CodeHistory codes) {
        this.events = events;
        this.codes = codes;
    }

    /**
     * The history of the most recent holder of the code in one of the scopes, or of the older holder named by
     * {@code aggregateId}; the answer lists every holder.
     */
    EntityHistoryDto byCode(Subject subject, Kind kind, String poolId, Collection<String> scopes, String code,
                            String aggregateId, int page, int limit) {
        List<Holder> holders = codes.require(kind, poolId, scopes, code, subject.missing());
        Holder chosen = CodeHistory.pick(holders, aggregateId, subject.missing());
        List<CodeHolderDto> all = holders.stream()
                .map(h -> new CodeHolderDto(h.aggregateId(), h.claimedAt().toString())).toList();
        return page(subject, poolId, chosen.aggregateId(), event -> true, all, page, limit);
    }

    /** The history of an entity by id; {@code belongs} adds a check on its first event (e.g. its organization). */
    EntityHistoryDto byId(Subject subject, String poolId, String aggregateId, Predicate<DomainEvent> belongs,
                          int page, int limit) {
        return page(subject, poolId, aggregateId, belongs, null, page, limit);
    }

    private EntityHistoryDto page(Subject subject, String poolId, String aggregateId, Predicate<DomainEvent> belongs,
                                  List<CodeHolderDto> holders, int page, int limit) {
        events.first(aggregateId).filter(first -> subject.owns(first, poolId) && belongs.test(first))
                .orElseThrow(() -> new ApiException(subject.missing()));
        List<HistoryEventDto> list = events.page(aggregateId, (long) (page - 1) * limit, limit).stream()
                .map(EntityHistory::dto).toList();
        return new EntityHistoryDto(subject.aggregateType(), aggregateId, holders, events.count(aggregateId), list);
    }

    private static HistoryEventDto dto(DomainEventMessage<?> message) {
        DomainEvent event = StoredEvents.domainEvent(message);
        Map<String, String> metadata = new TreeMap<>();
        message.getMetaData().forEach((key, value) -> metadata.put(key, String.valueOf(value)));
        return new HistoryEventDto(message.getSequenceNumber(), message.getIdentifier(),
                EventTypes.nameOf(event.getClass()), EventTypes.versionOf(event.getClass()),
                message.getTimestamp().toString(), event, metadata);
    }
}

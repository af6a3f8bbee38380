package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The PostgreSQL event store as history: one aggregate's stream through the (aggregate_identifier,
 * sequence_number) index, or the streams of several aggregates merged in global order. Reads always start at
 * sequence 0 and never at a snapshot: history and time travel need the events themselves.
 */
@Component
public class StoredEvents {
    private static final int FETCH_SIZE = 100;

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    public StoredEvents(EventStore eventStore, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                        @Qualifier("eventSerializer") Serializer serializer, Configuration axon) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.serializer = serializer;
        this.upcasters = axon.upcasterChain();
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

    /**
     * The first sequence of the aggregate stored after {@code until} (or none): a fold as of {@code until} reads the
     * events before it, as a replay in order stops at the first event after {@code until}. An SQL fragment with two
     * parameters, the aggregate id and {@code until} as {@link #instant}.
     */
    static final String CUT = "(SELECT coalesce(min(sequence_number), " + Long.MAX_VALUE + ") FROM domain_event_entry "
            + "WHERE aggregate_identifier = ? AND time_stamp::timestamptz > ?)";

    static OffsetDateTime instant(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Feeds the aggregate's events before {@link #CUT}, in order, leaving out the {@link SubjectLinks#NAMING_EVENTS}
     * (memberships, assignments): through the partial index that leaves them out, so a group's million joinings are
     * never read when only its attributes are asked for.
     */
    public void replayWithoutNamings(String aggregateId, Instant until, Consumer<DomainEvent> state) {
        replay("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ? AND " + NOT_NAMING
                + " AND sequence_number < " + CUT + " ORDER BY global_index", until, state,
                connection -> List.of(aggregateId, aggregateId, instant(until)));
    }

    /** What the event store reads an event from (the row mapper's order), and global_index to order a union by. */
    private static final String COLUMNS = "type, aggregate_identifier, sequence_number, event_identifier, time_stamp, "
            + "payload_type, payload_revision, payload, meta_data, global_index";
    /** Spelled as in the partial index {@code domain_event_entry_not_naming}, so that the planner can use it. */
    static final String NOT_NAMING = "payload_type NOT IN (" + SubjectLinks.NAMING_EVENTS.stream()
            .map(type -> "'" + type.getName() + "'").collect(Collectors.joining(", ")) + ")";

    /**
     * Feeds the events of the aggregates that happened at or before {@code until}, merged in global (append)
     * order, and stops at the first event after {@code until}. Of the {@link SubjectLinks#NAMING_EVENTS}
     * (memberships, role assignments) only those that name one of {@code subjects} are read, through
     * {@code subject_event}; every other event through the partial index that leaves those out. So the cost
     * follows what concerns the subjects, not the length of a group's or role's stream. Rows are fetched
     * {@value #FETCH_SIZE} at a time inside a read-only transaction (PostgreSQL streams a result only then) and
     * read as the event store reads them: through the configured upcasters.
     */
    public void replayInGlobalOrder(Collection<String> aggregateIds, Collection<String> subjects, Instant until,
                                    Consumer<DomainEvent> model) {
        String sql = "SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ANY(?) AND "
                + NOT_NAMING
                + " UNION ALL SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ANY(?) "
                + "AND event_identifier IN (SELECT event_identifier FROM subject_event WHERE subject_id = ANY(?)) "
                + "ORDER BY global_index";
        replay(sql, until, model, connection -> {
            Array aggregates = connection.createArrayOf("varchar", aggregateIds.toArray());
            return List.of(aggregates, aggregates, connection.createArrayOf("varchar", subjects.toArray()));
        });
    }

    /** Every event of the aggregates up to {@code until}, merged in global order (as above, without a filter). */
    public void replayInGlobalOrder(Collection<String> aggregateIds, Instant until, Consumer<DomainEvent> model) {
        replay("SELECT " + COLUMNS + " FROM domain_event_entry WHERE aggregate_identifier = ANY(?) "
                + "ORDER BY global_index", until, model,
                connection -> List.of(connection.createArrayOf("varchar", aggregateIds.toArray())));
    }

    private interface Parameters {
        List<Object> of(Connection connection) throws SQLException;
    }

    private void replay(String sql, Instant until, Consumer<DomainEvent> model, Parameters parameters) {
        readOnly.executeWithoutResult(status -> {
            try (Stream<GenericDomainEventEntry<byte[]>> rows = jdbc.queryForStream(connection -> {
                PreparedStatement select = connection.prepareStatement(sql);
                select.setFetchSize(FETCH_SIZE);
                int parameter = 1;
                for (Object value : parameters.of(connection)) {
                    select.setObject(parameter++, value);
                }
                return select;
            }, (row, n) -> new GenericDomainEventEntry<>(row.getString(1), row.getString(2), row.getLong(3),
                    row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getBytes(8),
                    row.getBytes(9)))) {
                DomainEventStream events = EventStreamUtils.upcastAndDeserializeDomainEvents(rows, serializer,
                        upcasters);
                while (events.hasNext() && !events.peek().getTimestamp().isAfter(until)) {
                    model.accept(domainEvent(events.next()));
                }
            }
        });
    }

    static DomainEvent domainEvent(DomainEventMessage<?> message) {
        if (message.getPayload() instanceof DomainEvent event) {
            return event;
        }
        throw new IllegalStateException("not a public event: " + message.getPayloadType().getName());
    }
}

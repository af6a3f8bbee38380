package dev.authz.command.history;

import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleRevoked;
import dev.authz.command.authorization.PolicyTargets.TargetType;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;

/**
 * {@code subject_link}: every group and department a user ever joined, every role ever assigned to a user or a
 * department. Time travel folds only these aggregates (and their policies) to answer a user's permissions at an
 * instant, so its cost follows the user's history, not the store's (ADR 6). {@code subject_event}: which of the
 * {@link #NAMING_EVENTS} name a subject, so that of a linked group's million joinings the fold reads the user's.
 *
 * <p>Rows are written as the event is staged in the event store, so in the transaction that appends it: a row
 * exists exactly when its event does. They are never deleted (a past link decides past instants).
 */
@Component
public class SubjectLinks {
    /** What a subject is linked to; its policy is {@code PolicyIds.of(pool, namespace, kind.name(), id)}. */
    public record Link(TargetType kind, String id) {
    }

    /**
     * The events that name subjects (users; departments in role assignments), in the order of the partial index
     * {@code domain_event_entry_not_naming} of {@code V6__subject_event.sql}, which holds every other event.
     */
    public static final List<Class<? extends DomainEvent>> NAMING_EVENTS = List.of(GroupMembersAdded.class,
            GroupMembersRemoved.class, DepartmentMembersAdded.class, DepartmentMembersRemoved.class,
            RoleAssigned.class, RoleRevoked.class);

    /** The subjects an event names, and the link it makes ({@code linkedId} null: it names, but links nothing). */
    private record Naming(String poolId, List<String> subjectIds, TargetType kind, String linkedId) {
    }

    private final JdbcTemplate jdbc;

    public SubjectLinks(JdbcTemplate jdbc, EventStore eventStore) {
        this.jdbc = jdbc;
        eventStore.registerDispatchInterceptor(messages -> {
            messages.forEach(this::record);
            return (index, message) -> message;
        });
    }

    /** The links of any of the subjects, each linked aggregate once. */
    public List<Link> of(String poolId, Collection<String> subjectIds) {
        return jdbc.query("SELECT DISTINCT linked_kind, linked_id FROM subject_link "
                        + "WHERE pool_id = ? AND subject_id = ANY(?::varchar[]) ORDER BY linked_id",
                (row, n) -> new Link(TargetType.valueOf(row.getString(1)), row.getString(2)), poolId,
                subjectIds.toArray(String[]::new));
    }

    private void record(EventMessage<?> message) {
        Naming naming = naming(message.getPayload());
        if (naming == null || naming.subjectIds().isEmpty()) {
            return;
        }
        String[] subjects = naming.subjectIds().toArray(String[]::new);
        String namedIn = "INSERT INTO subject_event (subject_id, event_identifier) "
                + "SELECT s, ?::varchar FROM unnest(?::varchar[]) AS s ON CONFLICT DO NOTHING";
        if (naming.linkedId() == null) {
            jdbc.update(namedIn, message.getIdentifier(), subjects);
        } else {
            // One round trip for both tables.
            jdbc.update("WITH named AS (" + namedIn + ") "
                            + "INSERT INTO subject_link (pool_id, subject_id, linked_kind, linked_id) "
                            + "SELECT ?::varchar, s, ?::varchar, ?::varchar FROM unnest(?::varchar[]) AS s "
                            + "ON CONFLICT DO NOTHING",
                    message.getIdentifier(), subjects, naming.poolId(), naming.kind().name(), naming.linkedId(),
                    subjects);
        }
    }

    /** The same events and fields as the backfills in {@code V5__subject_link.sql} and {@code V6__subject_event.sql}. */
    private static Naming naming(Object payload) {
        if (payload instanceof GroupMembersAdded added) {
            return new Naming(added.poolId(), added.userIds(), TargetType.GROUP, added.groupId());
        }
        if (payload instanceof DepartmentMembersAdded added) {
            return new Naming(added.poolId(), added.userIds(), TargetType.DEPARTMENT, added.departmentId());
        }
        if (payload instanceof RoleAssigned assigned) {
            return new Naming(assigned.poolId(), assigned.targetIds(), TargetType.ROLE, assigned.roleId());
        }
        if (payload instanceof GroupMembersRemoved removed) {
            return new Naming(removed.poolId(), removed.userIds(), null, null);
        }
        if (payload instanceof DepartmentMembersRemoved removed) {
            return new Naming(removed.poolId(), removed.userIds(), null, null);
        }
        if (payload instanceof RoleRevoked revoked) {
            return new Naming(revoked.poolId(), revoked.targetIds(), null, null);
        }
        return null;
    }
}

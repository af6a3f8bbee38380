package dev.authz.command.history;

import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.RoleAssigned;
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
 * instant, so its cost follows the user's history, not the store's (ADR 6).
 *
 * <p>Rows are written as the linking event is staged in the event store, so in the transaction that appends it:
 * a link exists exactly when its event does. They are never deleted (a past link decides past instants).
 */
@Component
public class SubjectLinks {
    /** What a subject is linked to; its policy is {@code PolicyIds.of(pool, namespace, kind.name(), id)}. */
    public record Link(TargetType kind, String id) {
    }

    private record Linking(String poolId, List<String> subjectIds, TargetType kind, String linkedId) {
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
        Linking linking = linking(message.getPayload());
        if (linking != null && !linking.subjectIds().isEmpty()) {
            jdbc.update("INSERT INTO subject_link (pool_id, subject_id, linked_kind, linked_id) "
                            + "SELECT ?::varchar, s, ?::varchar, ?::varchar FROM unnest(?::varchar[]) AS s "
                            + "ON CONFLICT DO NOTHING",
                    linking.poolId(), linking.kind().name(), linking.linkedId(), linking.subjectIds().toArray(String[]::new));
        }
    }

    /** The same three events and fields as the backfill in {@code V5__subject_link.sql}. */
    private static Linking linking(Object payload) {
        if (payload instanceof GroupMembersAdded added) {
            return new Linking(added.poolId(), added.userIds(), TargetType.GROUP, added.groupId());
        }
        if (payload instanceof DepartmentMembersAdded added) {
            return new Linking(added.poolId(), added.userIds(), TargetType.DEPARTMENT, added.departmentId());
        }
        if (payload instanceof RoleAssigned assigned) {
            return new Linking(assigned.poolId(), assigned.targetIds(), TargetType.ROLE, assigned.roleId());
        }
        return null;
    }
}

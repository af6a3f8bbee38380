package dev.authz.command.history;

import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A group's members as of an instant, counted and paged by PostgreSQL from the stored membership events: a member
 * is a user whose latest membership event before the cut ({@link StoredEvents#CUT}) added it, in the order it
 * (last) joined. Folding them in the command side held every member in memory: three concurrent calls on a group
 * of 1,000,000 members ran its 230 MiB heap out (OutOfMemoryError, the process exited). PostgreSQL sorts within its
 * {@code work_mem} and spills the rest to disk, so the service's memory no longer grows with a group.
 *
 * <p>The events are read as JSON ({@code userIds}), not through the upcasters, as the V6 migration reads them; their
 * payloads have not changed since the first revision. A group's deletion (it takes its members along without a
 * removal event) is the caller's to apply: the attribute fold knows it.
 */
@Component
class GroupMembersAsOf {
    private static final String SQL = """
            WITH namings AS (
                SELECT e.sequence_number AS seq, e.payload_type = ? AS added, u.user_id, u.pos
                FROM domain_event_entry e,
                     LATERAL jsonb_array_elements_text(convert_from(e.payload, 'UTF8')::jsonb -> 'userIds')
                         WITH ORDINALITY AS u(user_id, pos)
                WHERE e.aggregate_identifier = ? AND e.payload_type IN (?, ?) AND e.sequence_number < %s
            ), latest AS (
                SELECT DISTINCT ON (user_id) user_id, added, seq, pos FROM namings ORDER BY user_id, seq DESC
            ), live AS (
                SELECT user_id, seq, pos FROM latest WHERE added
            )
            SELECT NULL AS user_id, count(*) AS total, 0 AS seq, 0 AS pos FROM live
            UNION ALL
            (SELECT user_id, NULL, seq, pos FROM live ORDER BY seq, pos OFFSET ? LIMIT ?)""".formatted(StoredEvents.CUT);

    /** How many members the group had, and one page of them. */
    record Members(long total, List<String> page) {
        static final Members NONE = new Members(0, List.of());
    }

    private record Joined(String userId, long sequence, long position) {
    }

    private final JdbcTemplate jdbc;

    GroupMembersAsOf(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param page from 1 */
    Members of(String groupId, Instant until, int page, int limit) {
        String added = GroupMembersAdded.class.getName();
        long[] total = {0};
        List<Joined> joined = new ArrayList<>(limit);
        jdbc.query(SQL, row -> {
            String userId = row.getString(1);
            if (userId == null) {
                total[0] = row.getLong(2);
            } else {
                joined.add(new Joined(userId, row.getLong(3), row.getLong(4)));
            }
        }, added, groupId, added, GroupMembersRemoved.class.getName(), groupId, StoredEvents.instant(until),
                (long) (page - 1) * limit, limit);
        // A union does not promise its branches' order: the page is put back in joining order here.
        joined.sort(Comparator.comparingLong(Joined::sequence).thenComparingLong(Joined::position));
        return new Members(total[0], joined.stream().map(Joined::userId).toList());
    }
}

package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.web.RoleAssignmentDto;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A group's members and a role's assignments as of an instant, counted and paged by PostgreSQL from the stored
 * membership and assignment events before the cut ({@link StoredEvents#CUT}). Folding them in the command side held
 * every one in memory: on a group of 1,000,000 members three concurrent get-group-as-of calls, and on a role assigned
 * to 1,000,000 users a single get-role-as-of, ran its 230 MiB heap out (OutOfMemoryError, the process exited).
 * PostgreSQL sorts within its {@code work_mem} and spills the rest to disk, so the service's memory no longer grows
 * with a group or a role.
 *
 * <p>The events are read as JSON ({@code userIds}, {@code targetType}/{@code targetIds}/{@code enableTime}/
 * {@code endTime}), not through the upcasters, as the V6 migration reads them; their payloads have had one revision.
 * An entity's deletion (its members and assignments go without an event each) is the caller's to apply: the
 * attribute fold knows it.
 */
@Component
class MembershipsAsOf {
    /** Each user's latest membership event: a member if it added the user, in the order of that event. */
    private static final String GROUP_MEMBERS = """
            WITH namings AS (
                SELECT e.sequence_number AS seq, e.payload_type = ? AS added, u.user_id, u.pos
                FROM domain_event_entry e,
                     LATERAL jsonb_array_elements_text(convert_from(e.payload, 'UTF8')::jsonb -> 'userIds')
                         WITH ORDINALITY AS u(user_id, pos)
                WHERE e.aggregate_identifier = ? AND e.payload_type IN (?, ?) AND e.sequence_number < %s
            ), latest AS (
                SELECT DISTINCT ON (user_id) user_id, added, seq, pos FROM namings ORDER BY user_id, seq DESC
            ), page AS (
                SELECT user_id, seq, pos FROM latest WHERE added
            )
            """.formatted(StoredEvents.CUT);

    /**
     * Each target's assignments since its last revocation: assigned if there is one, in the order of the first of
     * them, with the window of the last (assigning again changes the window, not the place). Counted only if the
     * window holds the instant, as {@code PermissionRules.active} says: {@code enableTime <= at < endTime}.
     */
    private static final String ROLE_ASSIGNMENTS = """
            WITH events AS MATERIALIZED (
                -- each payload parsed once: referenced from the rows it fans out into, it was parsed once per target
                -- (105 s instead of 7 s for 1,000,000 assignments)
                SELECT e.sequence_number AS seq, e.payload_type = ? AS assigned,
                       j.p ->> 'targetType' AS target_type, (j.p ->> 'enableTime')::bigint AS enable_time,
                       (j.p ->> 'endTime')::bigint AS end_time, j.p -> 'targetIds' AS target_ids
                FROM domain_event_entry e CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS p) j
                WHERE e.aggregate_identifier = ? AND e.payload_type IN (?, ?) AND e.sequence_number < %s
            ), namings AS (
                SELECT seq, assigned, target_type, t.target_id, t.pos, enable_time, end_time
                FROM events, LATERAL jsonb_array_elements_text(target_ids) WITH ORDINALITY AS t(target_id, pos)
            ), since_revoked AS (
                SELECT n.*, max(seq) FILTER (WHERE NOT assigned) OVER (PARTITION BY target_type, target_id) AS revoked
                FROM namings n
            ), assignment AS (
                SELECT target_type, target_id, min(seq) AS seq, (array_agg(pos ORDER BY seq))[1] AS pos,
                       (array_agg(enable_time ORDER BY seq DESC))[1] AS enable_time,
                       (array_agg(end_time ORDER BY seq DESC))[1] AS end_time
                FROM since_revoked
                WHERE assigned AND seq > coalesce(revoked, -1)
                GROUP BY target_type, target_id
            ), page AS (
                SELECT * FROM assignment
                WHERE (enable_time IS NULL OR enable_time <= ?) AND (end_time IS NULL OR ? < end_time)
            )
            """.formatted(StoredEvents.CUT);

    /** One page of {@code page} (the last CTE), with how many rows it has in all. */
    private static final String PAGE = "SELECT *, count(*) OVER () AS total FROM page ORDER BY seq, pos OFFSET ? LIMIT ?";
    /** For a page past the last one, which has no row to carry the count. */
    private static final String COUNT = "SELECT count(*) FROM page";

    /** How many there were, and one page of them. */
    record Paged<T>(long total, List<T> page) {
        static <T> Paged<T> none() {
            return new Paged<>(0, List.of());
        }
    }

    private final JdbcTemplate jdbc;

    /**
     * @param timeout how long one query may run: PostgreSQL cancels it then (a client that gave up does not leave it
     *                running; four abandoned ones ran for minutes before the role query was fixed)
     */
    MembershipsAsOf(DataSource dataSource, @Value("${authz.history.query-timeout}") Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(Math.toIntExact(Math.max(1, timeout.toSeconds())));
    }

    /** @param page from 1 */
    Paged<String> groupMembers(String groupId, Instant until, int page, int limit) {
        String added = GroupMembersAdded.class.getName();
        return page(GROUP_MEMBERS, (row, n) -> row.getString("user_id"), page, limit,
                added, groupId, added, GroupMembersRemoved.class.getName(), groupId, StoredEvents.instant(until));
    }

    /** @param page from 1 */
    Paged<RoleAssignmentDto> roleAssignments(String roleId, Instant until, int page, int limit) {
        String assigned = RoleAssigned.class.getName();
        long at = until.toEpochMilli();
        return page(ROLE_ASSIGNMENTS, (row, n) -> new RoleAssignmentDto(row.getString("target_type"),
                        row.getString("target_id"), row.getObject("enable_time", Long.class),
                        row.getObject("end_time", Long.class)), page, limit,
                assigned, roleId, assigned, RoleRevoked.class.getName(), roleId, StoredEvents.instant(until), at, at);
    }

    private <T> Paged<T> page(String ctes, RowMapper<T> row, int page, int limit, Object... parameters) {
        Object[] paged = Arrays.copyOf(parameters, parameters.length + 2);
        paged[parameters.length] = (long) (page - 1) * limit;
        paged[parameters.length + 1] = limit;
        long[] total = {0};
        try {
            List<T> items = jdbc.query(ctes + PAGE, (results, n) -> {
                total[0] = results.getLong("total");
                return row.mapRow(results, n);
            }, paged);
            if (items.isEmpty()) {
                total[0] = jdbc.queryForObject(ctes + COUNT, Long.class, parameters);
            }
            return new Paged<>(total[0], items);
        } catch (QueryTimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, null, "the query ran longer than its timeout");
        }
    }
}

package dev.authz.command.group;

import dev.authz.command.lookup.MembershipTable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/** Group memberships in {@code group_membership}. */
@Component
public class JdbcGroupMemberships extends MembershipTable implements GroupMemberships {

    public JdbcGroupMemberships(JdbcTemplate jdbc) {
        super(jdbc, "group_membership", "group_id");
    }

    @Override
    public List<String> addNew(String poolId, String groupId, List<String> userIds) {
        return insertNew(poolId, groupId, userIds);
    }

    @Override
    public List<String> removeExisting(String poolId, String groupId, List<String> userIds) {
        return deleteExisting(poolId, groupId, userIds);
    }

    @Override
    public void removeAll(String groupId) {
        deleteAll(groupId);
    }

    @Override
    public List<String> groupsOf(String poolId, String userId) {
        return containersOf(poolId, userId);
    }
}

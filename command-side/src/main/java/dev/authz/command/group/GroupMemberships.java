package dev.authz.command.group;

import java.util.List;

/**
 * Who belongs to which group, kept beside the aggregates rather than inside them: a group with a million
 * members decides on a membership command by touching only the rows of that command.
 */
public interface GroupMemberships {
    /** Adds the users that are not members yet and returns exactly those, in the order given. */
    List<String> addNew(String poolId, String groupId, List<String> userIds);

    /** Removes the users that are members and returns exactly those, in the order given. */
    List<String> removeExisting(String poolId, String groupId, List<String> userIds);

    void removeAll(String groupId);

    List<String> groupsOf(String poolId, String userId);
}

package dev.authz.command;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Plain-object memberships (group or department → users), the test twin of {@code MembershipTable}. */
public class InMemoryMemberships {
    private final Set<String> pairs = new LinkedHashSet<>();

    public boolean contains(String containerId, String userId) {
        return pairs.contains(containerId + "|" + userId);
    }

    public List<String> insertNew(String containerId, List<String> userIds) {
        return userIds.stream().filter(userId -> pairs.add(containerId + "|" + userId)).toList();
    }

    public List<String> deleteExisting(String containerId, List<String> userIds) {
        return userIds.stream().filter(userId -> pairs.remove(containerId + "|" + userId)).toList();
    }

    public void deleteAll(String containerId) {
        pairs.removeIf(pair -> pair.startsWith(containerId + "|"));
    }

    public List<String> containersOf(String userId) {
        return pairs.stream().filter(pair -> pair.endsWith("|" + userId))
                .map(pair -> pair.substring(0, pair.indexOf('|'))).sorted().toList();
    }
}

package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL event store as the command side's event feed ({@code GET /internal/v1/events}) serves it: every
 * stored event's envelope in global order. What the read models must reflect, exactly once, is derived from here.
 */
record StoredEvents(List<JsonNode> envelopes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the whole store. */
    static StoredEvents read(String commandSideUrl, String internalToken) {
        return new StoredEvents(new EventFeedReader(commandSideUrl, internalToken).after(""));
    }

    /** The highest stored sequence of every aggregate: what the query side must have applied to be caught up. */
    Map<String, Long> lastSequences() {
        Map<String, Long> last = new HashMap<>();
        envelopes.forEach(e -> last.merge(e.path("aggregateId").asText(), e.path("sequence").asLong(), Math::max));
        return last;
    }

    List<JsonNode> ofPool(String poolId) {
        return envelopes.stream().filter(e -> poolId.equals(e.path("poolId").asText())).toList();
    }

    /** The members of every existing group of the pool, by its current code, folded from the group events. */
    Map<String, Set<String>> groupMembers(String poolId) {
        MemberSets groups = new MemberSets();
        for (JsonNode event : ofPool(poolId)) {
            JsonNode data = event.path("data");
            String groupId = data.path("groupId").asText();
            switch (event.path("type").asText()) {
                case "GroupCreated" -> groups.created(groupId, data.path("code").asText());
                case "GroupUpdated" -> groups.renamed(groupId, data.path("code"));
                case "GroupMembersAdded" -> groups.added(groupId, data.path("userIds"));
                case "GroupMembersRemoved" -> groups.removed(groupId, data.path("userIds"));
                case "GroupDeleted" -> groups.deleted(groupId);
                default -> { }
            }
        }
        return groups.byCode();
    }

    /** The users holding every role of the pool directly, by role code, folded from the role events. */
    Map<String, Set<String>> roleUsers(String poolId) {
        MemberSets roles = new MemberSets();
        for (JsonNode event : ofPool(poolId)) {
            JsonNode data = event.path("data");
            String roleId = data.path("roleId").asText();
            boolean toUsers = "USER".equals(data.path("targetType").asText());
            switch (event.path("type").asText()) {
                case "RoleCreated" -> roles.created(roleId, data.path("code").asText());
                case "RoleUpdated" -> roles.renamed(roleId, data.path("code"));
                case "RoleAssigned" -> roles.added(roleId, toUsers ? data.path("targetIds") : JSON.createArrayNode());
                case "RoleRevoked" -> roles.removed(roleId, toUsers ? data.path("targetIds") : JSON.createArrayNode());
                case "RoleDeleted" -> roles.deleted(roleId);
                default -> { }
            }
        }
        return roles.byCode();
    }

    /** Sets of user ids per entity (a group, a role) that has a code, as its events change them. */
    private static final class MemberSets {
        private final Map<String, String> codes = new HashMap<>();
        private final Map<String, Set<String>> members = new HashMap<>();

        void created(String id, String code) {
            codes.put(id, code);
            members.put(id, new HashSet<>());
        }

        void renamed(String id, JsonNode code) {
            codes.put(id, code.asText(codes.get(id)));
        }

        void added(String id, JsonNode userIds) {
            userIds.forEach(user -> members.get(id).add(user.asText()));
        }

        void removed(String id, JsonNode userIds) {
            userIds.forEach(user -> members.get(id).remove(user.asText()));
        }

        void deleted(String id) {
            codes.remove(id);
            members.remove(id);
        }

        Map<String, Set<String>> byCode() {
            Map<String, Set<String>> byCode = new HashMap<>();
            codes.forEach((id, code) -> byCode.put(code, members.get(id)));
            return byCode;
        }
    }
}

package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipTest extends IntegrationTestBase {
    @Autowired
    ReadModel readModel;

    /** Creates a group and users (returned in creation order) and adds them all as members. */
    private List<String> groupWithMembers(GroupCreated group, int members) {
        List<String> userIds = new ArrayList<>();
        List<dev.authz.api.event.DomainEvent> creations = new ArrayList<>();
        creations.add(group);
        for (int i = 0; i < members; i++) {
            String userId = newId();
            userIds.add(userId);
            creations.add(new UserCreated(POOL_A, userId, profile(Map.of("username", unique("member")))));
        }
        publishAndWait(creations.toArray(new dev.authz.api.event.DomainEvent[0]));
        publishAndWait(new GroupMembersAdded(POOL_A, group.groupId(), userIds));
        return userIds;
    }

    private GroupCreated newGroup() {
        return new GroupCreated(POOL_A, newId(), unique("team"), "Team", "", "static", null);
    }

    @Test
    void membersArePagedInInsertionOrderAndValidated() {
        GroupCreated group = newGroup();
        List<String> userIds = groupWithMembers(group, 12);

        JsonNode first = poolA().get("/api/v3/list-group-members", Map.of("code", group.code(), "limit", 5)).data();
        assertThat(first.path("totalCount").asLong()).isEqualTo(12);
        assertThat(ids(first)).containsExactlyElementsOf(userIds.subList(0, 5));
        JsonNode last = poolA().get("/api/v3/list-group-members",
                Map.of("code", group.code(), "page", 3, "limit", 5)).data();
        assertThat(ids(last)).containsExactlyElementsOf(userIds.subList(10, 12));
        assertThat(last.path("list").get(0).path("status").asText()).isEqualTo("Activated");

        assertThat(poolA().get("/api/v3/list-group-members", Map.of("code", group.code(), "limit", 10000))
                .message()).contains("参数 limit 格式错误");
        assertThat(poolA().get("/api/v3/list-group-members", Map.of("code", group.code(), "page", -1))
                .message()).contains("参数 page 格式错误");
        assertThat(poolA().get("/api/v3/list-group-members", Map.of("code", unique("nope"))).message())
                .contains("分组不存在");
    }

    @Test
    void swapRemoveKeepsSlotsDenseAndMembersComplete() {
        GroupCreated group = newGroup();
        List<String> userIds = groupWithMembers(group, 25);
        List<String> removed = List.of(userIds.get(0), userIds.get(7), userIds.get(24), userIds.get(13));
        publishAndWait(new GroupMembersRemoved(POOL_A, group.groupId(), removed, GroupMembersRemoved.REQUESTED));

        List<String> expected = new ArrayList<>(userIds);
        expected.removeAll(removed);
        List<String> paged = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode data = poolA().get("/api/v3/list-group-members",
                    Map.of("code", group.code(), "page", page, "limit", 10)).data();
            assertThat(data.path("totalCount").asLong()).isEqualTo(21);
            paged.addAll(ids(data));
        }
        assertThat(paged).hasSize(21).containsExactlyInAnyOrderElementsOf(expected);

        List<Long> slots = new ArrayList<>();
        readModel.groupMembers().find(Filters.eq("groupId", group.groupId()))
                .forEach(doc -> slots.add(doc.get("slot", Number.class).longValue()));
        assertThat(slots).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(0, 21).boxed().toList());
        Document groupDoc = readModel.groups().find(Filters.eq("_id", group.groupId())).first();
        assertThat(groupDoc.get("memberCount", Number.class).longValue()).isEqualTo(21);
        assertThat(groupDoc.containsKey("pendingRemoval")).isFalse();
    }

    @Test
    void userGroupsFollowMembershipAndUserDeletion() {
        GroupCreated first = newGroup();
        GroupCreated second = newGroup();
        publishAndWait(second);
        List<String> userIds = groupWithMembers(first, 2);
        String userId = userIds.get(0);
        publishAndWait(new GroupMembersAdded(POOL_A, second.groupId(), List.of(userId)));

        JsonNode groups = poolA().get("/api/v3/get-user-groups", Map.of("userId", userId)).data();
        assertThat(groups.path("totalCount").asLong()).isEqualTo(2);
        List<String> codes = new ArrayList<>();
        groups.path("list").forEach(g -> codes.add(g.path("code").asText()));
        assertThat(codes).containsExactlyInAnyOrder(first.code(), second.code());

        // As the command side deletes a user: removals on each group, then the deletion itself.
        publishAndWait(
                new GroupMembersRemoved(POOL_A, first.groupId(), List.of(userId), GroupMembersRemoved.USER_DELETED),
                new GroupMembersRemoved(POOL_A, second.groupId(), List.of(userId), GroupMembersRemoved.USER_DELETED),
                new UserDeleted(POOL_A, userId));
        assertThat(poolA().get("/api/v3/get-user-groups", Map.of("userId", userId)).message()).contains("用户不存在");
        assertThat(ids(poolA().get("/api/v3/list-group-members", Map.of("code", first.code())).data()))
                .containsExactly(userIds.get(1));
        assertThat(poolA().get("/api/v3/get-group", Map.of("code", second.code())).statusCode()).isEqualTo(200);

        publishAndWait(new GroupDeleted(POOL_A, first.groupId(), first.code()));
        assertThat(poolA().get("/api/v3/get-user-groups", Map.of("userId", userIds.get(1))).data()
                .path("totalCount").asLong()).isZero();
        assertThat(readModel.groupMembers().countDocuments(Filters.eq("groupId", first.groupId()))).isZero();
    }

    @Test
    void getAllGroupsListsMembersWhenAsked() {
        GroupCreated group = newGroup();
        List<String> userIds = groupWithMembers(group, 3);
        JsonNode all = poolA().get("/api/v3/get-all-groups", Map.of("fetchMembers", true)).data();
        JsonNode found = null;
        for (JsonNode candidate : all) {
            if (candidate.path("code").asText().equals(group.code())) {
                found = candidate;
            }
        }
        assertThat(found).isNotNull();
        List<String> members = new ArrayList<>();
        found.path("members").forEach(m -> members.add(m.path("userId").asText()));
        assertThat(members).containsExactlyElementsOf(userIds);
        assertThat(poolA().get("/api/v3/get-all-groups", Map.of()).data().get(0).has("members")).isFalse();
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("list").forEach(user -> ids.add(user.path("userId").asText()));
        return ids;
    }
}

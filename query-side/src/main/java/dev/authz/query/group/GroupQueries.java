package dev.authz.query.group;

import dev.authz.query.readmodel.Search;
import dev.authz.api.web.GroupDto;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.Page;
import dev.authz.api.web.UserDto;
import dev.authz.query.directory.UserReader;
import dev.authz.query.readmodel.ById;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads of the group read model, always within one user pool. */
@Component
public class GroupQueries {
    /** get-all-groups with fetchMembers lists at most this many members per group (the first slots). */
    public static final int MAX_MEMBERS_PER_GROUP = 1000;
    // Newest first: the SDK's listGroups spec expects the group it just created at list[0].
    private static final Bson NEWEST_FIRST = Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id"));
    private static final Comparator<Document> NEWEST_FIRST_IN_MEMORY = Comparator
            .comparing((Document group) -> group.getDate("createdAt")).thenComparing(group -> group.getString("_id"))
            .reversed();

    private final MongoCollection<Document> groups;
    private final OwnedKeys codes;
    private final GroupMembers members;
    private final UserReader users;

    public GroupQueries(ReadModel readModel, GroupMembers members, UserReader users) {
        this.groups = readModel.groups();
        this.codes = new OwnedKeys(readModel.groupCodes());
        this.members = members;
        this.users = users;
    }

    /** The live group with this code in the pool, or GROUP_NOT_FOUND. */
    public Document byCode(String poolId, String code) {
        return codes.holderOf(GroupProjection.codeKey(poolId, code), groups, poolId, code)
                .orElseThrow(() -> new ApiException(ErrorCode.GROUP_NOT_FOUND, code));
    }

    public GroupDto get(String poolId, String code, boolean withCustomData) {
        return toDto(byCode(poolId, code), withCustomData, null);
    }

    public Page<GroupDto> page(String poolId, String keywords, int page, int limit, boolean withCustomData) {
        Bson filter = Filters.eq("poolId", poolId);
        if (Search.given(keywords)) {
            Pattern pattern = Search.contains("keywords", keywords);
            filter = Filters.and(filter, Filters.or(Filters.regex("code", pattern), Filters.regex("name", pattern)));
        }
        List<GroupDto> list = new ArrayList<>();
        groups.find(filter).sort(NEWEST_FIRST).skip((page - 1) * limit).limit(limit)
                .forEach(group -> list.add(toDto(group, withCustomData, null)));
        return new Page<>(groups.countDocuments(filter), list);
    }

    public List<GroupDto> all(String poolId, boolean fetchMembers, boolean withCustomData) {
        List<GroupDto> list = new ArrayList<>();
        groups.find(Filters.eq("poolId", poolId)).sort(NEWEST_FIRST).forEach(group -> {
            List<UserDto> groupMembers = fetchMembers
                    ? memberSlice(group, 0, MAX_MEMBERS_PER_GROUP, UserDto.Options.NONE) : null;
            list.add(toDto(group, withCustomData, groupMembers));
        });
        return list;
    }

    public Page<UserDto> members(String poolId, String code, int page, int limit, UserDto.Options view) {
        Document group = byCode(poolId, code);
        return new Page<>(GroupMembers.countOf(group), memberSlice(group, (long) (page - 1) * limit, limit, view));
    }

    /** The groups with these ids in the pool, newest first. */
    public List<GroupDto> byIds(String poolId, Collection<String> groupIds) {
        List<GroupDto> list = new ArrayList<>();
        if (!groupIds.isEmpty()) {
            ById.findAll(groups, groupIds, poolId).stream().sorted(NEWEST_FIRST_IN_MEMORY)
                    .forEach(group -> list.add(toDto(group, false, null)));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static GroupDto toDto(Document group, boolean withCustomData, List<UserDto> members) {
        GroupDto dto = GroupDto.of(group.getString("_id"), group.getString("code"), group.getString("name"),
                group.getString("description"), group.getString("type"));
        if (withCustomData) {
            dto = dto.withCustomData((Map<String, Object>) group.get("customData"));
        }
        return members == null ? dto : dto.withMembers(members);
    }

    private List<UserDto> memberSlice(Document group, long from, long limit, UserDto.Options view) {
        long to = Math.min(GroupMembers.countOf(group), from + limit);
        return users.byIds(group.getString("poolId"),
                members.userIdsInSlots(group.getString("_id"), from, to), view);
    }
}

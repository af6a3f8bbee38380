package dev.authz.query.directory;

import dev.authz.kit.web.Params;
import dev.authz.query.readmodel.Search;
import dev.authz.api.web.UserDto;
import dev.authz.query.readmodel.ById;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.Page;
import dev.authz.api.web.GroupDto;
import dev.authz.query.group.GroupQueries;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads of the user directory, always within one user pool. */
@Component
public class UserQueries {
    static final Set<String> STATUSES = Set.of("Activated", "Suspended", "Deactivated", "Resigned", "Archived");
    /** advancedFilter field names the SDK sends, to user document fields. */
    private static final Map<String, String> FILTER_FIELDS = Map.of("id", "_id", "userId", "_id",
            "username", "username", "email", "email", "phone", "phone", "name", "name",
            "externalId", "externalId", "status", "status");
    private static final List<String> KEYWORD_FIELDS = List.of("username", "email", "phone", "name", "nickname");
    private static final Bson NEWEST_FIRST = Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id"));

    private final MongoCollection<Document> users;
    private final OwnedKeys keys;
    private final UserReader reader;
    private final GroupQueries groups;

    public UserQueries(ReadModel readModel, UserReader reader, GroupQueries groups) {
        this.users = readModel.users();
        this.keys = new OwnedKeys(readModel.userKeys());
        this.reader = reader;
        this.groups = groups;
    }

    /** The live user the identifier names; {@code parameter} names the request parameter for FMT errors. */
    public Optional<Document> find(String poolId, UserIdType type, String parameter, String value) {
        String normalized = type.normalize(parameter, value);
        Optional<String> userId = type == UserIdType.USER_ID ? Optional.of(normalized)
                : keys.ownerOf(UserProjection.lookupKey(poolId, type, normalized));
        return userId.flatMap(id -> ById.find(users, id, poolId)).filter(UserReader::isLive)
                // A key may outlive a crash between two writes: trust the user document itself.
                .filter(user -> type.matches(user.getString(type.field()), normalized));
    }

    /** True when a live user holds at least one of these identifiers (named in errors by their request field). */
    public boolean anyExists(String poolId, Map<UserIdType, String> identifiers) {
        return identifiers.entrySet().stream()
                .anyMatch(identifier -> find(poolId, identifier.getKey(), identifier.getKey().field(),
                        identifier.getValue()).isPresent());
    }

    public Document require(String poolId, UserIdType type, String value) {
        return find(poolId, type, "userId", value)
                .orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND, null, "no user " + value));
    }

    public UserDto get(String poolId, UserIdType type, String value, UserDto.Options view) {
        return reader.toDto(require(poolId, type, value), view);
    }

    /** The users found, in the order asked for; identifiers that name nobody are left out. */
    public List<UserDto> batch(String poolId, UserIdType type, List<String> values, UserDto.Options view) {
        if (type == UserIdType.USER_ID) {
            values.forEach(value -> type.normalize("userIds", value));
            return reader.byIds(poolId, new LinkedHashSet<>(values), view);
        }
        List<UserDto> found = new ArrayList<>();
        for (String value : new LinkedHashSet<>(values)) {
            find(poolId, type, "userIds", value).ifPresent(user -> found.add(reader.toDto(user, view)));
        }
        return found;
    }

    public Page<GroupDto> groupsOf(String poolId, UserIdType type, String value) {
        List<String> groupIds = require(poolId, type, value).getList("groupIds", String.class, List.of());
        List<GroupDto> list = groups.byIds(poolId, groupIds);
        return new Page<>(list.size(), list);
    }

    public Page<UserDto> list(String poolId, ListUsersRequest request, int page, int limit) {
        List<Bson> conditions = new ArrayList<>(List.of(UserReader.live(poolId)));
        if (Search.given(request.keywords())) {
            Pattern pattern = Search.contains("keywords", request.keywords());
            conditions.add(Filters.or(KEYWORD_FIELDS.stream().map(field -> Filters.regex(field, pattern)).toList()));
        }
        if (request.advancedFilter() != null) {
            request.advancedFilter().forEach(filter -> conditions.add(condition(filter)));
        }
        Bson filter = Filters.and(conditions);
        UserDto.Options view = request.view();
        List<UserDto> list = new ArrayList<>();
        users.find(filter).sort(NEWEST_FIRST).skip((page - 1) * limit).limit(limit)
                .forEach(user -> list.add(reader.toDto(user, view)));
        return new Page<>(users.countDocuments(filter), list);
    }

    /** One advancedFilter entry: fields and operators beyond the common ones are refused, not ignored. */
    private static Bson condition(ListUsersRequest.AdvancedFilter filter) {
        String field = filter == null || filter.field() == null ? null : FILTER_FIELDS.get(filter.field());
        if (field == null) {
            throw ApiException.invalid("advancedFilter", "supported fields: " + FILTER_FIELDS.keySet());
        }
        if (!(filter.value() instanceof String value)) {
            throw ApiException.invalid(filter.field());
        }
        Params.text(filter.field(), value);
        if (field.equals("status") && !STATUSES.contains(value)) {
            throw ApiException.invalid("status");
        }
        String operator = filter.operator() == null ? "" : filter.operator();
        return switch (operator) {
            case "EQUAL" -> equal(field, value);
            case "CONTAINS" -> Filters.regex(field, Search.contains(filter.field(), value));
            default -> throw ApiException.invalid("advancedFilter", "supported operators: EQUAL, CONTAINS");
        };
    }

    private static Bson equal(String field, String value) {
        if (field.equals("email")) {
            return Filters.eq(field, value.toLowerCase(java.util.Locale.ROOT));
        }
        if (field.equals("status") && value.equals(UserReader.DEFAULT_STATUS)) {
            // Users created without a status are Activated.
            return Filters.or(Filters.eq(field, value), Filters.exists(field, false));
        }
        return Filters.eq(field, value);
    }

    /** Case-insensitive substring, the keyword taken literally (regex metacharacters included). */
}

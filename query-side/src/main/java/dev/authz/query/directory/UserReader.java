package dev.authz.query.directory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.authz.api.event.UserProfile;
import dev.authz.api.web.UserDto;
import dev.authz.query.readmodel.ById;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** User documents to UserDto: the one place that knows both shapes and the SDK's defaults. */
@Component
public class UserReader {
    public static final String DEFAULT_STATUS = "Activated";
    public static final String DEFAULT_PHOTO = "https://files.authing.co/authing-console/default-user-avatar.png";
    /** Internal fields of the user document that are not part of the DTO. */
    private static final List<String> INTERNAL = List.of("_id", "poolId", "groupIds", "departmentIds", "createdAt",
            "updatedAt");

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final MongoCollection<Document> users;

    public UserReader(ReadModel readModel) {
        this.users = readModel.users();
    }

    /** Users of the pool that exist (not a placeholder awaiting its creation event). */
    /** A user whose own creation was projected (not a placeholder made by a membership event). */
    static boolean isLive(Document user) {
        return user.get("createdAt") != null;
    }

    static Bson live(String poolId) {
        return Filters.and(Filters.eq("poolId", poolId), Filters.exists("createdAt"));
    }

    /** The users with these ids, in the order of the ids; unknown ids are left out. */
    public List<UserDto> byIds(String poolId, Collection<String> userIds, UserDto.Options view) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        Map<String, Document> found = new HashMap<>();
        ById.findAll(users, userIds, poolId).stream().filter(UserReader::isLive)
                .forEach(user -> found.put(user.getString("_id"), user));
        return userIds.stream().map(found::get).filter(Objects::nonNull).map(user -> toDto(user, view)).toList();
    }

    public UserDto toDto(Document user, UserDto.Options view) {
        Map<String, Object> fields = new LinkedHashMap<>(user);
        INTERNAL.forEach(fields::remove);
        fields.putIfAbsent("status", DEFAULT_STATUS);
        fields.putIfAbsent("photo", DEFAULT_PHOTO);
        UserProfile profile = mapper.convertValue(fields, UserProfile.class);
        return UserDto.of(user.getString("_id"), profile, iso(user.get("createdAt")), iso(user.get("updatedAt")), view)
                .withDepartmentIds(user.getList("departmentIds", String.class, List.of()));
    }

    private static String iso(Object value) {
        return value instanceof Date date ? date.toInstant().toString() : null;
    }
}

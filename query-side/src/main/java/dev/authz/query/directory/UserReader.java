package dev.authz.query.directory;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** User documents to UserDto: the one place that knows both shapes and the SDK's defaults. */
@Component
public class UserReader {
    public static final String DEFAULT_STATUS = "Activated";
    public static final String DEFAULT_PHOTO = "https://files.authing.co/authing-console/default-user-avatar.png";
    private final MongoCollection<Document> users;

    public UserReader(ReadModel readModel) {
        this.users = readModel.users();
    }

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

    /**
     * Field by field rather than through Jackson: a member list maps up to 50 of these per request, and the
     * generic conversion was 7-13% of the list path's CPU in profiles.
     */
    public UserDto toDto(Document user, UserDto.Options view) {
        String status = text(user, "status");
        String photo = text(user, "photo");
        UserProfile profile = new UserProfile(text(user, "username"), text(user, "email"), text(user, "phone"),
                text(user, "phoneCountryCode"), text(user, "externalId"), text(user, "name"),
                text(user, "nickname"), photo == null ? DEFAULT_PHOTO : photo,
                status == null ? DEFAULT_STATUS : status, text(user, "gender"), flag(user, "emailVerified"),
                flag(user, "phoneVerified"), text(user, "birthdate"), text(user, "country"), text(user, "province"),
                text(user, "city"), text(user, "address"), text(user, "streetAddress"), text(user, "postalCode"),
                text(user, "company"), text(user, "givenName"), text(user, "familyName"), text(user, "middleName"),
                text(user, "profile"), text(user, "preferredUsername"), text(user, "website"),
                text(user, "zoneinfo"), text(user, "locale"), text(user, "formatted"), text(user, "region"),
                text(user, "identityNumber"), customData(user));
        return UserDto.of(user.getString("_id"), profile, iso(user.get("createdAt")), iso(user.get("updatedAt")), view)
                .withDepartmentIds(user.getList("departmentIds", String.class, List.of()));
    }

    private static String text(Document user, String field) {
        Object value = user.get(field);
        return value == null ? null : value.toString();
    }

    private static Boolean flag(Document user, String field) {
        return user.get(field) instanceof Boolean value ? value : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> customData(Document user) {
        return user.get("customData") instanceof Map<?, ?> data ? (Map<String, Object>) data : null;
    }

    private static String iso(Object value) {
        return value instanceof Date date ? date.toInstant().toString() : null;
    }
}

package dev.authz.command.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.UserProfile;
import dev.authz.kit.web.Params;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules a user profile obeys, its defaults, and how an update is laid over it. */
public final class UserProfiles {
    public static final String DEFAULT_PHOTO = "https://files.authing.co/authing-console/default-user-avatar.png";
    private static final Set<String> STATUSES = Set.of("Activated", "Suspended", "Deactivated", "Resigned",
            "Archived");
    private static final Set<String> GENDERS = Set.of("M", "F", "U");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("[0-9+\\-() ]{3,32}");
    private static final int MAX_CUSTOM_DATA_CHARS = 1024;
    /** Profiles only: no Spring configuration needed, and the JSON form is the event's. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserProfiles() {
    }

    /** A new user's profile: validated, with Authing's defaults for status, gender, photo and flags. */
    public static UserProfile forCreate(UserProfile requested) {
        if (blank(requested.username()) && blank(requested.email()) && blank(requested.phone())) {
            throw new ApiException(ErrorCode.USER_IDENTIFIER_REQUIRED);
        }
        ObjectNode defaults = JSON.createObjectNode()
                .put("status", "Activated").put("gender", "U").put("photo", DEFAULT_PHOTO)
                .put("emailVerified", false).put("phoneVerified", false);
        return validated(overlay(defaults, requested));
    }

    /** The profile after an update: the given fields replace the current ones. */
    public static UserProfile merge(UserProfile current, UserProfile changes) {
        return validated(overlay(JSON.valueToTree(current), changes));
    }

    private static ObjectNode overlay(ObjectNode base, UserProfile changes) {
        ObjectNode result = base.deepCopy();
        result.setAll((ObjectNode) JSON.valueToTree(changes)); // UserProfile omits nulls: only given fields
        return result;
    }

    private static UserProfile validated(ObjectNode profile) {
        for (Iterator<Map.Entry<String, JsonNode>> it = profile.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual()) {
                Params.text(field.getKey(), field.getValue().textValue());
            }
        }
        UserProfile checked = JSON.convertValue(profile, UserProfile.class);
        oneOf("status", checked.status(), STATUSES);
        oneOf("gender", checked.gender(), GENDERS);
        if (checked.email() != null && !EMAIL.matcher(checked.email()).matches()) {
            throw ApiException.invalid("email");
        }
        if (checked.phone() != null && !PHONE.matcher(checked.phone()).matches()) {
            throw ApiException.invalid("phone");
        }
        if (!blank(checked.phoneCountryCode()) && blank(checked.phone())) {
            throw new ApiException(ErrorCode.PHONE_REQUIRED);
        }
        if (checked.customData() != null && json(checked.customData()).length() > MAX_CUSTOM_DATA_CHARS) {
            throw new ApiException(ErrorCode.CUSTOM_DATA_TOO_LONG);
        }
        if (checked.email() != null) {
            profile.put("email", checked.email().toLowerCase(Locale.ROOT));
            return JSON.convertValue(profile, UserProfile.class);
        }
        return checked;
    }

    private static void oneOf(String name, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.invalid(name, "one of " + allowed);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("customData");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

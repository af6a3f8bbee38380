package dev.authz.query.directory;

import dev.authz.api.error.ApiException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SDK's userIdType values this directory resolves, with the user document field behind each, how a value
 * is normalized (emails are case-insensitive) and what a well-formed value looks like.
 */
public enum UserIdType {
    USER_ID("user_id", "_id", null),
    USERNAME("username", "username", null),
    EMAIL("email", "email", Pattern.compile("[^@\\s]+@[^@\\s]+")),
    PHONE("phone", "phone", Pattern.compile("\\+?[0-9][0-9\\- ()]{0,31}")),
    EXTERNAL_ID("external_id", "externalId", null);

    private final String wireName;
    private final String field;
    private final Pattern wellFormed;

    UserIdType(String wireName, String field, Pattern wellFormed) {
        this.wireName = wireName;
        this.field = field;
        this.wellFormed = wellFormed;
    }

    /** user_id when absent; anything unknown (or not resolvable here) is a parameter error. */
    public static UserIdType parse(String value) {
        if (value == null || value.isEmpty()) {
            return USER_ID;
        }
        for (UserIdType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw ApiException.invalid("userIdType");
    }

    /** The user document field that holds this kind of identifier. */
    public String field() {
        return field;
    }

    /** The value as stored and looked up, or FMT(name) when it cannot be such an identifier. */
    public String normalize(String name, String value) {
        if (value == null || value.isBlank() || value.length() > 256
                || wellFormed != null && !wellFormed.matcher(value).matches()) {
            // No detail on purpose: the SDK's specs compare the whole message ("参数 userId 格式错误").
            throw ApiException.invalid(name);
        }
        return this == EMAIL ? value.toLowerCase(Locale.ROOT) : value;
    }

    public boolean matches(String stored, String normalized) {
        return this == EMAIL ? normalized.equalsIgnoreCase(stored) : normalized.equals(stored);
    }
}

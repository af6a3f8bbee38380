package dev.authz.command.user;

import dev.authz.api.event.UserProfile;
import dev.authz.command.user.UserAccounts.Key;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The unique keys of a profile, normalized the way they are compared (email is case-insensitive). */
public final class UserKeys {
    private UserKeys() {
    }

    public static Map<Key, String> of(UserProfile profile) {
        Map<Key, String> keys = new EnumMap<>(Key.class);
        put(keys, Key.USERNAME, profile.username());
        put(keys, Key.EMAIL, profile.email());
        put(keys, Key.PHONE, profile.phone());
        put(keys, Key.EXTERNAL_ID, profile.externalId());
        return keys;
    }

    public static String normalize(Key key, String value) {
        return key == Key.EMAIL ? value.toLowerCase(Locale.ROOT) : value;
    }

    private static void put(Map<Key, String> keys, Key key, String value) {
        if (value != null && !value.isEmpty()) {
            keys.put(key, normalize(key, value));
        }
    }
}

package dev.authz.api.event;

import java.util.Map;

/**
 * The group's state after the update. {@code previousCode} differs from {@code code} when the update renamed
 * the group, so history stays reachable by the old code.
 */
@EventType(name = "GroupUpdated")
public record GroupUpdated(String poolId, String groupId, String code, String previousCode, String name,
                           String description, Map<String, Object> customData) implements GroupEvent {
    public boolean renamed() {
        return !code.equals(previousCode);
    }
}

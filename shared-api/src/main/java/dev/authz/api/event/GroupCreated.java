package dev.authz.api.event;

import java.util.Map;

@EventType(name = "GroupCreated")
public record GroupCreated(String poolId, String groupId, String code, String name, String description,
                           String type, Map<String, Object> customData) implements GroupEvent {
}

package dev.authz.api.event;

import java.util.List;

/** {@code type}: DATA, API, MENU, BUTTON or UI. */
@EventType(name = "ResourceCreated")
public record ResourceCreated(String poolId, String resourceId, String namespaceId, String code, String name,
        String description, String type, List<ResourceAction> actions, String apiIdentifier) implements ResourceEvent {
}

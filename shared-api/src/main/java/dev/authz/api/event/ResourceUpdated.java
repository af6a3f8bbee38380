package dev.authz.api.event;

import java.util.List;

/** The resource's state after the update. */
@EventType(name = "ResourceUpdated")
public record ResourceUpdated(String poolId, String resourceId, String namespaceId, String code, String name,
        String description, String type, List<ResourceAction> actions, String apiIdentifier) implements ResourceEvent {
}

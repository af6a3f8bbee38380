package dev.authz.command.resource;

import dev.authz.api.event.ResourceAction;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The write model's vocabulary for resources. A resource's code is unique in its namespace. */
public final class ResourceCommands {
    private ResourceCommands() {
    }

    public record CreateResource(@TargetAggregateIdentifier String resourceId, String poolId, String namespaceId,
                                 String code, String name, String description, String type,
                                 List<ResourceAction> actions, String apiIdentifier) {
    }

    /** All resources or none. */
    public record CreateResourcesBatch(String poolId, List<CreateResource> resources) {
    }

    /** Null fields keep their value. */
    public record UpdateResource(@TargetAggregateIdentifier String resourceId, String poolId, String name,
                                 String description, String type, List<ResourceAction> actions,
                                 String apiIdentifier) {
    }

    public record DeleteResources(String poolId, List<String> resourceIds) {
    }
}

package dev.authz.command.resource;

import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.resource.ResourceCommands.CreateResource;
import dev.authz.command.resource.ResourceCommands.CreateResourcesBatch;
import dev.authz.command.resource.ResourceCommands.DeleteResources;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Commands over several resources, each in one unit of work: all or nothing. */
@Component
public class ResourceBatchCommandHandler {
    private final Repository<ResourceAggregate> resources;

    public ResourceBatchCommandHandler(
            @Qualifier("resourceAggregateRepository") Repository<ResourceAggregate> resources) {
        this.resources = resources;
    }

    @CommandHandler
    public void handle(CreateResourcesBatch command, CodeRegistry codes) throws Exception {
        for (CreateResource entry : command.resources()) {
            resources.newInstance(() -> new ResourceAggregate(entry, codes));
        }
    }

    @CommandHandler
    public void handle(DeleteResources command, CodeRegistry codes) {
        for (String resourceId : command.resourceIds()) {
            resources.load(resourceId).execute(resource -> resource.delete(command.poolId(), codes));
        }
    }
}

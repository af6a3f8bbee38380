package dev.authz.command.namespace;

import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespace;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespacesBatch;
import dev.authz.command.namespace.NamespaceCommands.DeleteNamespaces;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Commands over several namespaces, each in one unit of work: all or nothing. */
@Component
public class NamespaceBatchCommandHandler {
    private final Repository<NamespaceAggregate> namespaces;

    public NamespaceBatchCommandHandler(
            @Qualifier("namespaceAggregateRepository") Repository<NamespaceAggregate> namespaces) {
        this.namespaces = namespaces;
    }

    @CommandHandler
    public void handle(CreateNamespacesBatch command, CodeRegistry codes) throws Exception {
        for (CreateNamespace entry : command.namespaces()) {
            namespaces.newInstance(() -> new NamespaceAggregate(entry, codes));
        }
    }

    @CommandHandler
    public void handle(DeleteNamespaces command, CodeRegistry codes) {
        for (String namespaceId : command.namespaceIds()) {
            namespaces.load(namespaceId).execute(namespace -> namespace.delete(command.poolId(), codes));
        }
    }
}

package dev.authz.command.namespace;

import dev.authz.api.error.ApiException;
import dev.authz.api.event.MetadataKeys;
import dev.authz.command.Ids;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespace;
import dev.authz.kit.pool.UserPools;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Map;

import static dev.authz.command.lookup.CodeRegistry.Kind.NAMESPACE;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;

/**
 * Every configured pool has a "default" namespace: roles and resources created without a namespace go
 * there. Created at startup when missing, as an ordinary event; another instance doing the same at the same
 * moment loses the code race harmlessly.
 */
@Component
public class DefaultNamespaces implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DefaultNamespaces.class);
    private final UserPools pools;
    private final CodeRegistry codes;
    private final CommandGateway commands;

    public DefaultNamespaces(UserPools pools, CodeRegistry codes, CommandGateway commands) {
        this.pools = pools;
        this.codes = codes;
        this.commands = commands;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String poolId : pools.poolIds()) {
            if (codes.idOf(NAMESPACE, poolId, POOL_WIDE, NamespaceAggregate.DEFAULT_CODE).isPresent()) {
                continue;
            }
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateNamespace(Ids.newId(), poolId,
                        NamespaceAggregate.DEFAULT_CODE, "默认权限分组", "Default namespace"))
                        .andMetaData(Map.of(MetadataKeys.POOL_ID, poolId, MetadataKeys.OPERATION, "CreateNamespace",
                                MetadataKeys.REQUEST_ID, "startup")));
                log.info("Created the default namespace of pool {}", poolId);
            } catch (ApiException e) {
                log.debug("Default namespace of pool {} already created elsewhere: {}", poolId, e.getMessage());
            }
        }
    }
}

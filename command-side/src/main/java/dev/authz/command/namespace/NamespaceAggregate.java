package dev.authz.command.namespace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.NamespaceDeleted;
import dev.authz.api.event.NamespaceUpdated;
import dev.authz.api.web.NamespaceDto;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespace;
import dev.authz.command.namespace.NamespaceCommands.UpdateNamespace;
import dev.authz.kit.web.Params;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;


import static dev.authz.command.lookup.CodeRegistry.Kind.NAMESPACE;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/** A namespace (权限分组): the scope of role and resource codes. Its code is unique in the pool. */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class NamespaceAggregate {
    /** Every pool has it; requests without a namespace use it. */
    public static final String DEFAULT_CODE = "default";

    @AggregateIdentifier
    private String namespaceId;
    private String poolId;
    private String code;
    private String name;
    private String description;

    protected NamespaceAggregate() {
        // for event sourcing
    }

    @CommandHandler
    public NamespaceAggregate(CreateNamespace command, CodeRegistry codes) {
        Params.kindCode("namespace", "code", command.code());
        codes.claim(NAMESPACE, command.poolId(), POOL_WIDE, command.code(), command.namespaceId());
        apply(new NamespaceCreated(command.poolId(), command.namespaceId(), command.code(), command.name(),
                command.description()));
    }

    @CommandHandler
    public NamespaceDto handle(UpdateNamespace command, CodeRegistry codes) {
        requirePool(command.poolId());
        String newCode = command.newCode() == null ? code : Params.kindCode("namespace", "newCode", command.newCode());
        if (!newCode.equals(code)) {
            if (DEFAULT_CODE.equals(code)) {
                throw ApiException.invalid("newCode", "the default namespace keeps its code");
            }
            codes.move(NAMESPACE, poolId, POOL_WIDE, code, newCode);
        }
        apply(new NamespaceUpdated(poolId, namespaceId, newCode, code,
                command.name() != null ? command.name() : name,
                command.description() != null ? command.description() : description));
        return new NamespaceDto(code, name, description);
    }

    /** Called for each namespace of a delete command (see {@link NamespaceBatchCommandHandler}). */
    public void delete(String requestingPool, CodeRegistry codes) {
        requirePool(requestingPool);
        if (DEFAULT_CODE.equals(code)) {
            throw ApiException.invalid("code", "the default namespace cannot be deleted");
        }
        codes.release(NAMESPACE, poolId, POOL_WIDE, code);
        apply(new NamespaceDeleted(poolId, namespaceId, code));
    }

    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.NAMESPACE_NOT_FOUND);
        }
    }

    @EventSourcingHandler
    void on(NamespaceCreated event) {
        namespaceId = event.namespaceId();
        poolId = event.poolId();
        code = event.code();
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(NamespaceUpdated event) {
        code = event.code();
        name = event.name();
        description = event.description();
    }

    @EventSourcingHandler
    void on(NamespaceDeleted event) {
        markDeleted();
    }
}

package dev.authz.command.namespace;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The write model's vocabulary for namespaces (权限分组). */
public final class NamespaceCommands {
    private NamespaceCommands() {
    }

    public record CreateNamespace(@TargetAggregateIdentifier String namespaceId, String poolId, String code,
                                  String name, String description) {
    }

    /** All namespaces or none. */
    public record CreateNamespacesBatch(String poolId, List<CreateNamespace> namespaces) {
    }

    /** Null fields keep their value. */
    public record UpdateNamespace(@TargetAggregateIdentifier String namespaceId, String poolId, String newCode,
                                  String name, String description) {
    }

    public record DeleteNamespaces(String poolId, List<String> namespaceIds) {
    }
}

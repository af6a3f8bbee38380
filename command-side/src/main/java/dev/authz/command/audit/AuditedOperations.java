package dev.authz.command.audit;

import java.util.Map;
import java.util.Set;

/**
 * What each write endpoint is in the SDK's audit vocabulary: an {@code operationType} and a
 * {@code resourceType} of {@code AdminAuditLogDto}. Departments are {@code org} (the SDK has no department
 * type); role assignments are {@code roleAssign} added or removed; granting resources is a {@code policy}.
 */
public final class AuditedOperations {

    /** @param operationType {@link #CREATE_OR_UPDATE} is decided per write: update when the target existed */
    public record Operation(String operationType, String resourceType) {
        public Operation resolve(boolean targetExisted) {
            return CREATE_OR_UPDATE.equals(operationType)
                    ? new Operation(targetExisted ? "update" : "create", resourceType) : this;
        }
    }

    /** Upserts: "create" or "update" depending on whether the target existed. */
    static final String CREATE_OR_UPDATE = "createOrUpdate";

    private static final String GROUP = "userGroup";
    private static final String NAMESPACE = "resourceNamespace";
    private static final String ORG = "org";

    private static final Map<String, Operation> BY_NAME = Map.ofEntries(
            entry("create-group", "create", GROUP), entry("create-groups-batch", "create", GROUP),
            entry("create-or-update-group", CREATE_OR_UPDATE, GROUP), entry("update-group", "update", GROUP),
            entry("delete-groups-batch", "delete", GROUP), entry("add-group-members", "add", GROUP),
            entry("remove-group-members", "remove", GROUP),
            entry("create-user", "create", "user"), entry("create-users-batch", "create", "user"),
            entry("update-user", "update", "user"), entry("delete-users-batch", "delete", "user"),
            entry("set-user-departments", "update", "user"), entry("set-custom-fields", "update", "userpool"),
            entry("create-namespace", "create", NAMESPACE), entry("create-namespaces-batch", "create", NAMESPACE),
            entry("update-namespace", "update", NAMESPACE), entry("delete-namespace", "delete", NAMESPACE),
            entry("delete-namespaces-batch", "delete", NAMESPACE),
            entry("create-role", "create", "role"), entry("create-roles-batch", "create", "role"),
            entry("update-role", "update", "role"), entry("delete-roles-batch", "delete", "role"),
            entry("assign-role", "add", "roleAssign"), entry("assign-role-batch", "add", "roleAssign"),
            entry("revoke-role", "remove", "roleAssign"), entry("revoke-role-batch", "remove", "roleAssign"),
            entry("create-organization", "create", ORG), entry("update-organization", "update", ORG),
            entry("delete-organization", "delete", ORG), entry("create-department", "create", ORG),
            entry("update-department", "update", ORG), entry("delete-department", "delete", ORG),
            entry("add-department-members", "add", ORG), entry("remove-department-members", "remove", ORG),
            entry("create-resource", "create", "resource"), entry("create-resources-batch", "create", "resource"),
            entry("update-resource", "update", "resource"), entry("delete-resource", "delete", "resource"),
            entry("delete-resources-batch", "delete", "resource"),
            entry("authorize-resources", "create", "policy"));

    private AuditedOperations() {
    }

    /** The operation of an endpoint name ({@code create-group}); unknown names say only what their verb says. */
    public static Operation of(String name) {
        Operation known = BY_NAME.get(name);
        if (known != null) {
            return known;
        }
        String verb = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
        return new Operation(Set.of("create", "update", "delete", "add", "remove").contains(verb) ? verb : "update",
                "userpool");
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    private static Map.Entry<String, Operation> entry(String name, String operationType, String resourceType) {
        return Map.entry(name, new Operation(operationType, resourceType));
    }
}

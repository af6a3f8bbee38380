package dev.authz.api.web;

/**
 * RoleDto of the SDK. {@code namespace} is the namespace's code; {@code status} ENABLE or DISABLE;
 * {@code disableTime} epoch ms after which the role counts for nobody (null: never).
 */
public record RoleDto(String id, String code, String name, String description, String namespace,
                      String namespaceName, String status, Long disableTime) {
}

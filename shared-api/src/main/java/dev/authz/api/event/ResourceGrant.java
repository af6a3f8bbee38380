package dev.authz.api.event;

import java.util.List;

/**
 * Allowed or denied actions on resources of one code in a namespace. {@code resourceCode} may end in
 * {@code *} (prefix match, e.g. {@code books:*}); {@code actions} may contain {@code *} (every action);
 * {@code effect} ALLOW or DENY, and a DENY wins over any ALLOW.
 */
public record ResourceGrant(String resourceCode, String resourceType, List<String> actions, String effect) {
}

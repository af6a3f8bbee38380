package dev.authz.kit.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user pools this deployment serves, from {@code AUTHZ_USER_POOLS} = comma-separated
 * {@code poolId:secret} pairs. The pool id is the SDK's accessKeyId; the secret is its accessKeySecret.
 */
public final class UserPools {
    private final Map<String, String> secretsByPoolId;

    private UserPools(Map<String, String> secretsByPoolId) {
        this.secretsByPoolId = Map.copyOf(secretsByPoolId);
    }

    public static UserPools parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalStateException(
                    "AUTHZ_USER_POOLS is not set: give comma-separated poolId:secret pairs "
                            + "(the local run, devstack, generates a development pool for you)");
        }
        Map<String, String> pools = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String trimmed = pair.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalStateException("AUTHZ_USER_POOLS entry is not poolId:secret: '" + trimmed + "'");
            }
            pools.put(trimmed.substring(0, colon), trimmed.substring(colon + 1));
        }
        return new UserPools(pools);
    }

    public Optional<String> secretOf(String poolId) {
        return Optional.ofNullable(secretsByPoolId.get(poolId));
    }

    public Set<String> poolIds() {
        return secretsByPoolId.keySet();
    }
}

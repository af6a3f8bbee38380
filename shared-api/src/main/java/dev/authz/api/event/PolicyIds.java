package dev.authz.api.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of the policy aggregate holding one target's grants in one namespace: a 24-hex hash of pool,
 * namespace, target type and target id. Deterministic, so the write side needs no lookup to find a target's
 * policy and the read side finds it by {@code _id}.
 */
public final class PolicyIds {
    private PolicyIds() {
    }

    public static String of(String poolId, String namespaceId, String targetType, String targetId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (poolId + "|" + namespaceId + "|" + targetType + "|" + targetId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

package dev.authz.kit.security;

import java.time.Instant;

/**
 * Remembers signature nonces so a captured request cannot be replayed. Implementations must be shared by
 * every instance of a service (PostgreSQL on the command side, MongoDB on the query side).
 */
public interface NonceStore {
    /**
     * Records the nonce; true when it was never seen before for this pool, false on reuse.
     *
     * @param forgetAfter the nonce may be forgotten after this instant (the signed date is stale by then)
     */
    boolean firstUse(String poolId, String nonce, Instant forgetAfter);
}

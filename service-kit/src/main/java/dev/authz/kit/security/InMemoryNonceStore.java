package dev.authz.kit.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** For tests and single-instance tools only: replays against another instance are not detected. */
public class InMemoryNonceStore implements NonceStore {
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryNonceStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String poolId, String nonce, Instant forgetAfter) {
        Instant now = clock.instant();
        seen.values().removeIf(expiry -> expiry.isBefore(now));
        return seen.putIfAbsent(poolId + "/" + nonce, forgetAfter) == null;
    }
}

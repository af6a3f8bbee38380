package dev.authz.command.security;

import dev.authz.kit.security.NonceStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Signature nonces in PostgreSQL, shared by every command-side instance. */
@Component
public class PostgresNonceStore implements NonceStore {
    private final JdbcTemplate jdbc;

    public PostgresNonceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstUse(String poolId, String nonce, Instant forgetAfter) {
        return jdbc.update("INSERT INTO request_nonce (pool_id, nonce, forget_after) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", poolId, nonce, Timestamp.from(forgetAfter)) == 1;
    }

    @Scheduled(fixedDelayString = "PT1M")
    public void forgetExpired() {
        jdbc.update("DELETE FROM request_nonce WHERE forget_after < now()");
    }
}

package dev.authz.query.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.authz.query.TestMongo;
import dev.authz.query.readmodel.Generations;
import dev.authz.query.readmodel.ReadModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MongoNonceStoreTest {
    private static MongoClient client;
    private MongoNonceStore store;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestMongo.uri());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void freshDatabase() {
        store = new MongoNonceStore(new ReadModel(new Generations(client, "nonce-" + UUID.randomUUID(), Duration.ZERO)));
    }

    @Test
    void a_nonce_is_accepted_once_per_pool() {
        Instant later = Instant.now().plusSeconds(900);
        assertThat(store.firstUse("pool-a", "n1", later)).isTrue();
        assertThat(store.firstUse("pool-a", "n1", later)).isFalse();
        assertThat(store.firstUse("pool-b", "n1", later)).isTrue();
    }

    @Test
    void the_sweep_forgets_expired_nonces_and_keeps_live_ones() {
        store.firstUse("pool-a", "old", Instant.now().minusSeconds(1));
        store.firstUse("pool-a", "live", Instant.now().plusSeconds(900));

        store.forgetExpired();

        // Forgotten: accepted again (its signed date would be refused by then, so this is safe).
        assertThat(store.firstUse("pool-a", "old", Instant.now().plusSeconds(900))).isTrue();
        assertThat(store.firstUse("pool-a", "live", Instant.now().plusSeconds(900))).isFalse();
    }
}

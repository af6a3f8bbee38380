package dev.authz.command.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.command.CommandSideTestBase;
import dev.authz.kit.client.SignedClient;
import dev.authz.api.event.GroupUpdated;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Aggregates stay in memory between commands, at most so many, and a cached copy that fell behind loses nothing. */
class BoundedAggregateCacheTest extends CommandSideTestBase {
    private static final Map<String, String> NO_WAIT = Map.of("x-authz-wait", "false");

    @Autowired
    @Qualifier("aggregateCache")
    Cache aggregateCache;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    TransactionManager transactions;

    @Test
    void keepsTheMostRecentlyUsedEntries() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1); // now b is the least recently used
        cache.put("c", 3);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
    }

    @Test
    void everyAggregateTypeUsesIt() {
        String groupId = ok(poolA.post("/api/v3/create-group", Map.of("code", unique("cached"), "name", "n"),
                NO_WAIT)).path("id").asText();
        String userId = ok(poolA.post("/api/v3/create-user", Map.of("username", unique("cached")), NO_WAIT))
                .path("userId").asText();

        assertThat(aggregateCache.containsKey(groupId)).isTrue();
        assertThat(aggregateCache.containsKey(userId)).isTrue();
    }

    /**
     * Another command-side instance changes a group this one has cached: its event is in the store, the cached copy
     * is one event behind. The next command here must succeed on the stored state (the other instance's name kept),
     * at the next free position: the stale append conflicts, the rollback evicts the copy, the retry loads anew.
     */
    @Test
    void aCachedAggregateBehindTheStoreCostsARetryNotAnUpdate() {
        String code = unique("stale");
        String groupId = ok(poolA.post("/api/v3/create-group", Map.of("code", code, "name", "v0"), NO_WAIT))
                .path("id").asText();
        assertThat(aggregateCache.containsKey(groupId)).isTrue();
        transactions.executeInTransaction(() -> storage.appendEvents(new GenericDomainEventMessage<>("GroupAggregate",
                groupId, 1, new GroupUpdated("pool-a", groupId, code, code, "v1", "", Map.of()))));

        SignedClient.Response update = poolA.post("/api/v3/update-group",
                Map.of("code", code, "description", "d2"), NO_WAIT);

        assertThat(update.statusCode()).isEqualTo(200);
        assertThat(update.body().path("statusCode").asInt()).as(update.body().toString()).isEqualTo(200);
        JsonNode history = ok(poolA.get("/api/v3/get-group-history", Map.of("code", code)));
        assertThat(history.path("totalCount").asLong()).isEqualTo(3);
        JsonNode last = history.path("list").get(2);
        assertThat(last.path("sequence").asLong()).isEqualTo(2);
        assertThat(last.path("payload").path("description").asText()).isEqualTo("d2");
        assertThat(last.path("payload").path("name").asText()).as("the other instance's name").isEqualTo("v1");
    }

    private static JsonNode ok(SignedClient.Response response) {
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        assertThat(response.body().path("statusCode").asInt()).as(response.body().toString()).isEqualTo(200);
        return response.data();
    }
}

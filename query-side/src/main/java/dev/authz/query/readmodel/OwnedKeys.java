package dev.authz.query.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Unique-per-pool keys (a group code, a username, an email...) mapped to the entity that holds them, as
 * {@code _id} documents so a lookup is one {@code _id} read on any MongoDB server.
 *
 * <p>Events of different entities arrive on different partitions, so a key may be claimed by its new holder
 * before the old holder's rename or deletion arrives. Each key keeps its claims ({@code ownerId}, event time);
 * the latest claim is the owner, and a release removes only that entity's claim. Every write filters on
 * {@code _id} alone (servers without secondary indexes would scan otherwise) and is idempotent. Callers
 * verify the holder's current value, so a key left behind by a crash between two writes never answers wrongly.
 */
public class OwnedKeys {
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private final MongoCollection<Document> keys;

    public OwnedKeys(MongoCollection<Document> keys) {
        this.keys = keys;
    }

    public static String key(String poolId, String kind, String value) {
        return poolId + "|" + kind + "|" + value;
    }

    public void claim(String poolId, String key, String ownerId, Instant at) {
        var update = Updates.combine(Updates.set("poolId", poolId),
                Updates.addToSet("claims", new Document("ownerId", ownerId).append("at", at.toEpochMilli())));
        try {
            keys.updateOne(Filters.eq("_id", key), update, UPSERT);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            keys.updateOne(Filters.eq("_id", key), update, UPSERT); // lost an upsert race: the key exists now
        }
    }

    public void release(String key, String ownerId) {
        keys.updateOne(Filters.eq("_id", key), Updates.pull("claims", new Document("ownerId", ownerId)));
    }

    /**
     * The document that holds a code: found through its key, and trusted only while it still carries the code
     * (a key can briefly point at an entity renamed meanwhile, or outlive a crash between two writes).
     */
    public Optional<Document> holderOf(String key, MongoCollection<Document> holders, String poolId, String code) {
        return ownerOf(key).flatMap(id -> ById.find(holders, id, poolId))
                .filter(holder -> code.equals(holder.getString("code")));
    }

    public Optional<String> ownerOf(String key) {
        Document found = keys.find(Filters.eq("_id", key)).first();
        if (found == null) {
            return Optional.empty();
        }
        List<Document> claims = found.getList("claims", Document.class, List.of());
        return claims.stream().max(Comparator.comparingLong(claim -> claim.get("at", Number.class).longValue()))
                .map(claim -> claim.getString("ownerId"));
    }
}

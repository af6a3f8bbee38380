package dev.authz.query.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.Optional;

/**
 * Unique-per-pool keys (a group code, a username, an email...) mapped to the entity that holds them, as
 * {@code _id} documents so a lookup is one {@code _id} read on any MongoDB server.
 *
 * <p>Events of different entities arrive on different partitions, so a key may be claimed by its new holder
 * before the old holder's rename or deletion arrives. Each claim carries the event time and the latest claim
 * wins; releasing only removes the key when this entity still holds it. Callers verify the holder's current
 * value, so a key left behind by a crash between two writes never answers wrongly.
 */
public class OwnedKeys {
    private final MongoCollection<Document> keys;

    public OwnedKeys(MongoCollection<Document> keys) {
        this.keys = keys;
    }

    public static String key(String poolId, String kind, String value) {
        return poolId + "|" + kind + "|" + value;
    }

    public void claim(String poolId, String key, String ownerId, Instant at) {
        try {
            keys.updateOne(Filters.and(Filters.eq("_id", key), Filters.lte("claimedAt", at.toEpochMilli())),
                    Updates.combine(Updates.set("poolId", poolId), Updates.set("ownerId", ownerId),
                            Updates.set("claimedAt", at.toEpochMilli())),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            // The upsert collided with an existing key: a later claim holds it, which is the one to keep.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public void release(String key, String ownerId) {
        keys.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq("ownerId", ownerId)));
    }

    public Optional<String> ownerOf(String key) {
        Document found = keys.find(Filters.eq("_id", key)).first();
        return Optional.ofNullable(found).map(doc -> doc.getString("ownerId"));
    }
}

package dev.authz.query.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

import java.util.concurrent.TimeUnit;

/**
 * The MongoDB collections of the read model, with their indexes created (idempotently) before anything uses
 * them. mongo-java-server only uses {@code _id} and unique indexes for lookups, so every hot read is shaped as an
 * {@code _id} or unique-key lookup ({@code $in} included); the plain compound indexes serve real MongoDB.
 */
public record ReadModel(MongoDatabase database, MongoCollection<Document> groups,
                        MongoCollection<Document> groupMembers, MongoCollection<Document> groupMemberSlots,
                        MongoCollection<Document> groupCodes,
                        MongoCollection<Document> users, MongoCollection<Document> userKeys,
                        MongoCollection<Document> aggregateVersions, MongoCollection<Document> nonces) {

    /** The read model in this database, its indexes created if missing. */
    public static ReadModel open(MongoDatabase database) {
        ReadModel readModel = new ReadModel(database, database.getCollection("groups"),
                database.getCollection("group_members"), database.getCollection("group_member_slots"),
                database.getCollection("group_codes"),
                database.getCollection("users"), database.getCollection("user_keys"),
                database.getCollection("aggregate_versions"), database.getCollection("nonces"));
        readModel.createIndexes();
        return readModel;
    }

    private void createIndexes() {
        // Not unique: events of two groups travel on different partitions, so a rename can reach us after the
        // creation of another group that reuses the old code. Code lookups go through group_codes instead.
        groups.createIndex(Indexes.ascending("poolId", "code"));
        groups.createIndex(Indexes.descending("poolId", "createdAt"));
        groupMembers.createIndex(Indexes.ascending("poolId", "groupId", "slot"));
        groupMembers.createIndex(Indexes.ascending("poolId", "userId"));
        users.createIndex(Indexes.ascending("poolId", "username"));
        users.createIndex(Indexes.ascending("poolId", "email"));
        users.createIndex(Indexes.ascending("poolId", "phone"));
        users.createIndex(Indexes.ascending("poolId", "externalId"));
        users.createIndex(Indexes.descending("poolId", "createdAt"));
        nonces.createIndex(Indexes.ascending("expireAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }
}

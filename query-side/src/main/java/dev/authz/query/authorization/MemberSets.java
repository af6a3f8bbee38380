package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Who holds a group, a department or a role, for the fan-out of a change of it (a grant, a deletion, a role
 * disabled) to every holder. The members of one set are spread over {@value #BUCKETS} bucket documents by a hash
 * of the member id ({@code authz_member_buckets}, {@code _id = pool|kind|owner|bucket}, the members as fields
 * {@code ids.<memberId>}), and a set document ({@code authz_member_sets}, {@code _id = pool|kind|owner}) names the
 * buckets in use. A set of three members is one set read plus a three-bucket {@code _id $in}; 1,000,000 members are
 * 4096 buckets of about 250. Buckets stay small because every add rewrites the buckets it touches: with 256 buckets a
 * million-member group made each add-group-members of 100 users rewrite about 100 documents of 4,000 members
 * (15 MB per event on the local MongoDB wire server, 4 events/s); with 4096 it is about 1 MB.
 *
 * <p>The bucket of a member depends on {@link #BUCKETS}: a deployment whose read model was built with another bucket
 * count must rebuild it ({@code POST /internal/v1/rebuild}) after upgrading.
 *
 * <p>Every write is a {@code $set}/{@code $unset} of one member's own field: idempotent, and commutative with any
 * other member's write, so redelivery and reordering cannot leave a wrong set. A bucket once named by the set
 * document stays named (an empty bucket costs one missing read); only {@link #clear} drops them.
 */
@Component
class MemberSets {
    static final int BUCKETS = 4096;
    private static final int BUCKETS_PER_READ = 32;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    /** What is held by whom: the owner's type, then the members' type. */
    enum Kind { GROUP_USERS, DEPARTMENT_USERS, ROLE_USERS, ROLE_DEPARTMENTS }

    private final MongoCollection<Document> sets;
    private final MongoCollection<Document> buckets;

    MemberSets(AuthorizationCollections collections) {
        this.sets = collections.memberSets();
        this.buckets = collections.memberBuckets();
    }

    void add(String poolId, Kind kind, String ownerId, Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return;
        }
        Map<Integer, List<String>> byBucket = byBucket(memberIds);
        List<WriteModel<Document>> writes = new ArrayList<>();
        byBucket.forEach((bucket, ids) -> {
            List<Bson> updates = new ArrayList<>(List.of(Updates.setOnInsert("poolId", poolId)));
            ids.forEach(id -> updates.add(Updates.set(MapFields.path("ids", id), true)));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", bucketId(poolId, kind, ownerId, bucket)),
                    Updates.combine(updates), UPSERT));
        });
        buckets.bulkWrite(writes);
        List<Bson> named = new ArrayList<>(List.of(Updates.setOnInsert("poolId", poolId)));
        byBucket.keySet().forEach(bucket -> named.add(Updates.set("buckets." + bucket, true)));
        sets.updateOne(Filters.eq("_id", setId(poolId, kind, ownerId)), Updates.combine(named), UPSERT);
    }

    void remove(String poolId, Kind kind, String ownerId, Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        byBucket(memberIds).forEach((bucket, ids) -> writes.add(new UpdateOneModel<>(
                Filters.eq("_id", bucketId(poolId, kind, ownerId, bucket)),
                Updates.combine(ids.stream().map(id -> Updates.unset(MapFields.path("ids", id))).toList()))));
        buckets.bulkWrite(writes);
    }

    /** The members in batches of at most {@code batchSize}, bucket after bucket. */
    void forEachBatch(String poolId, Kind kind, String ownerId, int batchSize, Consumer<List<String>> action) {
        List<String> bucketIds = bucketIds(poolId, kind, ownerId);
        List<String> batch = new ArrayList<>();
        for (int from = 0; from < bucketIds.size(); from += BUCKETS_PER_READ) {
            List<String> read = bucketIds.subList(from, Math.min(bucketIds.size(), from + BUCKETS_PER_READ));
            List<String> members = new ArrayList<>();
            buckets.find(Filters.in("_id", read)).forEach(bucket -> members.addAll(MapFields.ids(bucket, "ids")));
            for (String member : members) {
                batch.add(member);
                if (batch.size() == batchSize) {
                    action.accept(batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            action.accept(batch);
        }
    }

    /** Drops the whole set (its owner is deleted). */
    void clear(String poolId, Kind kind, String ownerId) {
        List<String> bucketIds = bucketIds(poolId, kind, ownerId);
        if (!bucketIds.isEmpty()) {
            buckets.deleteMany(Filters.in("_id", bucketIds));
        }
        sets.deleteOne(Filters.eq("_id", setId(poolId, kind, ownerId)));
    }

    private List<String> bucketIds(String poolId, Kind kind, String ownerId) {
        Document set = sets.find(Filters.eq("_id", setId(poolId, kind, ownerId))).first();
        Document named = set == null ? null : set.get("buckets", Document.class);
        if (named == null) {
            return List.of();
        }
        return named.keySet().stream().map(bucket -> bucketId(poolId, kind, ownerId, Integer.parseInt(bucket)))
                .toList();
    }

    private static Map<Integer, List<String>> byBucket(Collection<String> memberIds) {
        Map<Integer, List<String>> byBucket = new TreeMap<>();
        for (String id : new LinkedHashSet<>(memberIds)) {
            byBucket.computeIfAbsent(Math.floorMod(id.hashCode(), BUCKETS), b -> new ArrayList<>()).add(id);
        }
        return byBucket;
    }

    private static String setId(String poolId, Kind kind, String ownerId) {
        return poolId + "|" + kind + "|" + ownerId;
    }

    private static String bucketId(String poolId, Kind kind, String ownerId, int bucket) {
        return setId(poolId, kind, ownerId) + "|" + bucket;
    }
}

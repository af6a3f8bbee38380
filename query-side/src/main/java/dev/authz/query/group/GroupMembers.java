package dev.authz.query.group;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * Group membership as one document per member ({@code _id = groupId|userId}) in dense slots: the members of a
 * group occupy slots 0..memberCount-1, each with a unique {@code slotKey = groupId#slot}. A page is then a
 * {@code $in} over slot keys, an index lookup even on servers that scan for everything else, and as fast at a
 * million members as at ten.
 *
 * <p>Order of members: by slot, i.e. insertion order, except that a removal moves the last member into the
 * freed slot (swap-remove). Every step is a single-document write that is safe to repeat: a removal first
 * records what it is doing on the group document ({@code pendingRemoval}) and any later membership change
 * finishes it; slots past {@code memberCount} left by an interrupted add are counted in before new ones.
 * A group's events are applied one at a time (one Kafka partition per group), so there is no concurrent writer.
 */
@Component
public class GroupMembers {
    private static final String PENDING = "pendingRemoval";

    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> members;
    private final MongoCollection<Document> users;

    public GroupMembers(ReadModel readModel) {
        this.groups = readModel.groups();
        this.members = readModel.groupMembers();
        this.users = readModel.users();
    }

    static String membershipId(String groupId, String userId) {
        return groupId + "|" + userId;
    }

    static String slotKey(String groupId, long slot) {
        return groupId + "#" + slot;
    }

    public void add(Document group, List<String> userIds, Instant at) {
        String groupId = group.getString("_id");
        String poolId = group.getString("poolId");
        long count = settle(group);
        for (String userId : userIds) {
            Document membership = new Document("_id", membershipId(groupId, userId)).append("poolId", poolId)
                    .append("groupId", groupId).append("userId", userId).append("slot", count)
                    .append("slotKey", slotKey(groupId, count)).append("addedAt", Date.from(at));
            if (insertUnlessMember(membership)) {
                count++;
            }
            // A placeholder user document when the user's own events are still on their way (other partition).
            users.updateOne(Filters.eq("_id", userId),
                    Updates.combine(Updates.addToSet("groupIds", groupId), Updates.setOnInsert("poolId", poolId)),
                    new UpdateOptions().upsert(true));
        }
        groups.updateOne(Filters.eq("_id", groupId), Updates.max("memberCount", count));
    }

    public void remove(Document group, List<String> userIds) {
        String groupId = group.getString("_id");
        long count = settle(group);
        for (String userId : userIds) {
            Document membership = members.find(Filters.eq("_id", membershipId(groupId, userId))).first();
            if (membership != null) {
                long last = count - 1;
                Document pending = new Document("userId", userId).append("slot", slotOf(membership))
                        .append("last", last);
                groups.updateOne(Filters.eq("_id", groupId), Updates.set(PENDING, pending));
                finishRemoval(groupId, pending);
                count = last;
            }
            users.updateOne(Filters.eq("_id", userId), Updates.pull("groupIds", groupId));
            // A placeholder made for a membership of a user deleted meanwhile has nothing left to say.
            users.deleteOne(Filters.and(Filters.eq("_id", userId), Filters.exists("createdAt", false),
                    Filters.size("groupIds", 0)));
        }
    }

    /**
     * Removes every membership of a deleted group, and the group from its members' group lists. Scans the
     * group's memberships once (by groupId): a deletion is rare, unlike the paging this layout is made for.
     */
    public void removeAll(String groupId) {
        List<String> batch = new ArrayList<>();
        for (Document membership : members.find(Filters.eq("groupId", groupId)).projection(Projections.include("userId"))) {
            batch.add(membership.getString("userId"));
            if (batch.size() == 1000) {
                pullGroupFrom(batch, groupId);
                batch.clear();
            }
        }
        pullGroupFrom(batch, groupId);
        members.deleteMany(Filters.eq("groupId", groupId));
    }

    /** User ids in slots [from, to), in slot order. */
    public List<String> userIdsInSlots(String groupId, long from, long to) {
        List<String> keys = new ArrayList<>();
        for (long slot = from; slot < to; slot++) {
            keys.add(slotKey(groupId, slot));
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Document> found = members.find(Filters.in("slotKey", keys)).into(new ArrayList<>());
        found.sort(Comparator.comparingLong(GroupMembers::slotOf));
        return found.stream().map(doc -> doc.getString("userId")).toList();
    }

    /**
     * Completes whatever an interrupted earlier change left half done and returns the true member count:
     * a recorded removal is finished; members inserted past the recorded count are counted in.
     */
    private long settle(Document group) {
        String groupId = group.getString("_id");
        Document pending = group.get(PENDING, Document.class);
        long count = pending != null ? finishRemoval(groupId, pending) : countOf(group);
        while (members.find(Filters.eq("slotKey", slotKey(groupId, count))).first() != null) {
            count++;
        }
        return count;
    }

    /** Each step is idempotent, so running this again after a crash anywhere in it is harmless. */
    private long finishRemoval(String groupId, Document pending) {
        long slot = pending.get("slot", Number.class).longValue();
        long last = pending.get("last", Number.class).longValue();
        members.deleteOne(Filters.eq("_id", membershipId(groupId, pending.getString("userId"))));
        if (slot != last) {
            members.updateOne(Filters.eq("slotKey", slotKey(groupId, last)),
                    Updates.combine(Updates.set("slot", slot), Updates.set("slotKey", slotKey(groupId, slot))));
        }
        groups.updateOne(Filters.eq("_id", groupId),
                Updates.combine(Updates.set("memberCount", last), Updates.unset(PENDING)));
        return last;
    }

    /** False when the user already was a member (a redelivered add). */
    private boolean insertUnlessMember(Document membership) {
        try {
            members.insertOne(membership);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                    && members.find(Filters.eq("_id", membership.getString("_id"))).first() != null) {
                return false;
            }
            throw e;
        }
    }

    private void pullGroupFrom(List<String> userIds, String groupId) {
        if (!userIds.isEmpty()) {
            users.updateMany(Filters.in("_id", userIds), Updates.pull("groupIds", groupId));
        }
    }

    static long countOf(Document group) {
        Number count = group.get("memberCount", Number.class);
        return count == null ? 0 : count.longValue();
    }

    private static long slotOf(Document membership) {
        return membership.get("slot", Number.class).longValue();
    }
}

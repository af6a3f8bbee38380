package dev.authz.query.group;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group membership in two collections, both addressed by {@code _id} only (servers without secondary indexes,
 * like the mongo-java-server of the local run, scan for anything else):
 * <ul>
 *   <li>{@code group_members}: one document per membership, {@code _id = groupId|userId}, with its slot;</li>
 *   <li>{@code group_member_slots}: the dense slots 0..memberCount-1 of each group, {@code _id = groupId#slot},
 *   naming the member there. A page is one {@code _id $in} over its slots: as fast at a million members as
 *   at ten.</li>
 * </ul>
 *
 * <p>Order of members: by slot, i.e. insertion order, except that a removal moves the last member into the
 * freed slot (swap-remove). Every step is a single-document write that is safe to repeat: a removal first
 * records what it is doing on the group document ({@code pendingRemoval}) and any later membership change
 * finishes it; an add interrupted after some inserts is completed when the event is redelivered (the same
 * users in the same order find their memberships and slots). A group's events are applied one at a time
 * (one Kafka partition per group), so there is no concurrent writer.
 */
@Component
public class GroupMembers {
    private static final String PENDING = "pendingRemoval";
    private static final int BATCH = 1000;

    private final MongoCollection<Document> groups;
    private final MongoCollection<Document> members;
    private final MongoCollection<Document> slots;
    private final MongoCollection<Document> users;

    public GroupMembers(ReadModel readModel) {
        this.groups = readModel.groups();
        this.members = readModel.groupMembers();
        this.slots = readModel.groupMemberSlots();
        this.users = readModel.users();
    }

    static String membershipId(String groupId, String userId) {
        return groupId + "|" + userId;
    }

    static String slotId(String groupId, long slot) {
        return groupId + "#" + slot;
    }

    /**
     * Adds in a few bulk round trips per event rather than three writes per member: the group's memberships of
     * these users are read once, new members get the next slots, then memberships, slots and users are written
     * in one bulk call each.
     */
    public void add(Document group, List<String> userIds, Instant at) {
        String groupId = group.getString("_id");
        String poolId = group.getString("poolId");
        long count = settle(group);
        Map<String, Document> existing = new HashMap<>();
        members.find(Filters.in("_id", userIds.stream().map(u -> membershipId(groupId, u)).toList()))
                .forEach(membership -> existing.put(membership.getString("userId"), membership));
        List<Document> inserts = new ArrayList<>();
        List<WriteModel<Document>> slotWrites = new ArrayList<>();
        for (String userId : userIds) {
            Document membership = existing.get(userId);
            long slot = membership == null ? count : slotOf(membership);
            if (membership == null) {
                inserts.add(new Document("_id", membershipId(groupId, userId)).append("poolId", poolId)
                        .append("groupId", groupId).append("userId", userId).append("slot", slot)
                        .append("addedAt", Date.from(at)));
            }
            if (membership == null || slot >= count) {
                // New, or inserted by an interrupted earlier delivery of this event: (re)write its slot.
                slotWrites.add(new ReplaceOneModel<>(Filters.eq("_id", slotId(groupId, slot)),
                        new Document("_id", slotId(groupId, slot)).append("userId", userId),
                        new ReplaceOptions().upsert(true)));
                count = Math.max(count, slot + 1);
            }
        }
        if (!inserts.isEmpty()) {
            members.insertMany(inserts);
        }
        if (!slotWrites.isEmpty()) {
            slots.bulkWrite(slotWrites);
        }
        // Placeholder user documents when a user's own events are still on their way (another partition).
        if (!userIds.isEmpty()) {
            users.bulkWrite(userIds.stream().<WriteModel<Document>>map(userId -> new UpdateOneModel<>(
                    Filters.eq("_id", userId),
                    Updates.combine(Updates.addToSet("groupIds", groupId), Updates.setOnInsert("poolId", poolId)),
                    new UpdateOptions().upsert(true))).toList());
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
                Document lastSlot = slots.find(Filters.eq("_id", slotId(groupId, last))).first();
                Document pending = new Document("userId", userId).append("slot", slotOf(membership))
                        .append("last", last).append("lastUserId", lastSlot == null ? userId : lastSlot.getString("userId"));
                groups.updateOne(Filters.eq("_id", groupId), Updates.set(PENDING, pending));
                finishRemoval(groupId, pending);
                count = last;
            }
            users.updateOne(Filters.eq("_id", userId), Updates.pull("groupIds", groupId));
        }
    }

    /** Removes every membership of a deleted group, walking its slots (no scan), and the group from its members. */
    public void removeAll(Document group) {
        String groupId = group.getString("_id");
        long count = settle(group);
        for (long from = 0; from < count; from += BATCH) {
            List<String> slotIds = slotIds(groupId, from, Math.min(count, from + BATCH));
            List<String> userIds = new ArrayList<>();
            slots.find(Filters.in("_id", slotIds)).forEach(slot -> userIds.add(slot.getString("userId")));
            if (!userIds.isEmpty()) {
                users.updateMany(Filters.in("_id", userIds), Updates.pull("groupIds", groupId));
                members.deleteMany(Filters.in("_id", userIds.stream().map(u -> membershipId(groupId, u)).toList()));
            }
            slots.deleteMany(Filters.in("_id", slotIds));
        }
    }

    /** User ids in slots [from, to), in slot order. */
    public List<String> userIdsInSlots(String groupId, long from, long to) {
        if (from >= to) {
            return List.of();
        }
        Map<String, String> userBySlot = new HashMap<>();
        slots.find(Filters.in("_id", slotIds(groupId, from, to)))
                .forEach(slot -> userBySlot.put(slot.getString("_id"), slot.getString("userId")));
        List<String> userIds = new ArrayList<>();
        for (long slot = from; slot < to; slot++) {
            String userId = userBySlot.get(slotId(groupId, slot));
            if (userId != null) {
                userIds.add(userId);
            }
        }
        return userIds;
    }

    /**
     * Completes whatever an interrupted earlier change left half done and returns the true member count:
     * a recorded removal is finished; slots written past the recorded count are counted in.
     */
    private long settle(Document group) {
        String groupId = group.getString("_id");
        Document pending = group.get(PENDING, Document.class);
        long count = pending != null ? finishRemoval(groupId, pending) : countOf(group);
        while (slots.find(Filters.eq("_id", slotId(groupId, count))).first() != null) {
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
            String moved = pending.getString("lastUserId");
            occupy(groupId, slot, moved);
            members.updateOne(Filters.eq("_id", membershipId(groupId, moved)), Updates.set("slot", slot));
        }
        slots.deleteOne(Filters.eq("_id", slotId(groupId, last)));
        groups.updateOne(Filters.eq("_id", groupId),
                Updates.combine(Updates.set("memberCount", last), Updates.unset(PENDING)));
        return last;
    }

    private void occupy(String groupId, long slot, String userId) {
        slots.replaceOne(Filters.eq("_id", slotId(groupId, slot)),
                new Document("_id", slotId(groupId, slot)).append("userId", userId), new ReplaceOptions().upsert(true));
    }

    private static List<String> slotIds(String groupId, long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long slot = from; slot < to; slot++) {
            ids.add(slotId(groupId, slot));
        }
        return ids;
    }

    static long countOf(Document group) {
        Number count = group.get("memberCount", Number.class);
        return count == null ? 0 : count.longValue();
    }

    private static long slotOf(Document membership) {
        return membership.get("slot", Number.class).longValue();
    }
}

package dev.authz.query.group;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupEvent;
import dev.authz.query.consumer.Projection;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.query.consumer.PoisonEventException;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.function.BiFunction;

/** Projects a group's events into {@code groups}, {@code group_codes} and (through {@link GroupMembers}) memberships. */
@Component
public class GroupProjection implements Projection {
    private final MongoCollection<Document> groups;
    private final OwnedKeys codes;
    private final GroupMembers members;

    public GroupProjection(ReadModel readModel, GroupMembers members) {
        this.groups = readModel.groups();
        this.codes = new OwnedKeys(readModel.groupCodes());
        this.members = members;
    }

    static String codeKey(String poolId, String code) {
        return OwnedKeys.key(poolId, "code", code);
    }

    @Override
    public void apply(DomainEvent domainEvent, Instant occurredAt) {
        if (!(domainEvent instanceof GroupEvent event)) {
            return;
        }
        if (event instanceof GroupCreated created) {
            created(created, occurredAt);
        } else if (event instanceof GroupUpdated updated) {
            updated(updated, occurredAt);
        } else if (event instanceof GroupDeleted deleted) {
            deleted(deleted);
        } else if (event instanceof GroupMembersAdded added) {
            members.add(existing(added), added.userIds(), occurredAt);
        } else if (event instanceof GroupMembersRemoved removed) {
            Document group = groups.find(Filters.eq("_id", removed.groupId())).first();
            if (group != null) {
                members.remove(group, removed.userIds());
            }
        }
    }

    private void created(GroupCreated event, Instant at) {
        // $setOnInsert throughout: applying the creation twice leaves the first result untouched.
        Document state = new Document("poolId", event.poolId()).append("code", event.code())
                .append("name", event.name()).append("description", event.description()).append("type", event.type())
                .append("customData", event.customData()).append("memberCount", 0L)
                .append("createdAt", Date.from(at)).append("updatedAt", Date.from(at));
        groups.updateOne(Filters.eq("_id", event.groupId()), each(state, Updates::setOnInsert),
                new UpdateOptions().upsert(true));
        codes.claim(event.poolId(), codeKey(event.poolId(), event.code()), event.groupId(), at);
    }

    private void updated(GroupUpdated event, Instant at) {
        Document state = new Document("code", event.code()).append("name", event.name())
                .append("description", event.description()).append("customData", event.customData())
                .append("updatedAt", Date.from(at));
        groups.updateOne(Filters.eq("_id", event.groupId()), each(state, Updates::set));
        if (event.renamed()) {
            codes.release(codeKey(event.poolId(), event.previousCode()), event.groupId());
        }
        codes.claim(event.poolId(), codeKey(event.poolId(), event.code()), event.groupId(), at);
    }

    private static Bson each(Document fields, BiFunction<String, Object, Bson> operator) {
        return Updates.combine(fields.entrySet().stream().map(field -> operator.apply(field.getKey(), field.getValue()))
                .toList());
    }

    private void deleted(GroupDeleted event) {
        Document group = groups.find(Filters.eq("_id", event.groupId())).first();
        if (group != null) {
            members.removeAll(group);
        }
        codes.release(codeKey(event.poolId(), event.code()), event.groupId());
        groups.deleteOne(Filters.eq("_id", event.groupId()));
    }

    private Document existing(GroupEvent event) {
        Document group = groups.find(Filters.eq("_id", event.groupId())).first();
        if (group == null) {
            // The group's own creation precedes this on the same partition; without it the stream is corrupt.
            throw new PoisonEventException("membership change for unknown group " + event.groupId());
        }
        return group;
    }
}

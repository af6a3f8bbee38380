package dev.authz.query.role;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;

/**
 * Roles ({@code roles}, codes per namespace in {@code role_codes}) and their assignments
 * ({@code role_assignments}, one document per role and target, with its window). Whether an assignment or a
 * role counts is decided when a query runs, against the clock: nothing here expires by itself.
 */
@Component
public class RoleProjection implements Projection {
    private final MongoCollection<Document> roles;
    private final MongoCollection<Document> assignments;
    private final OwnedKeys codes;

    public RoleProjection(ReadModel readModel) {
        this.roles = readModel.collection("roles");
        this.assignments = readModel.collection("role_assignments");
        this.codes = new OwnedKeys(readModel.collection("role_codes"));
        roles.createIndex(Indexes.ascending("poolId", "namespaceId", "createdAt", "_id"));
        assignments.createIndex(Indexes.ascending("roleId", "targetType", "assignedAt", "_id"));
        assignments.createIndex(Indexes.ascending("poolId", "targetType", "targetId", "assignedAt", "_id"));
    }

    MongoCollection<Document> roles() {
        return roles;
    }

    MongoCollection<Document> assignments() {
        return assignments;
    }

    OwnedKeys codes() {
        return codes;
    }

    static String codeKey(String poolId, String namespaceId, String code) {
        return OwnedKeys.key(poolId, "role:" + namespaceId, code);
    }

    static String assignmentId(String roleId, String targetType, String targetId) {
        return roleId + "|" + targetType + "|" + targetId;
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof RoleCreated created) {
            roles.updateOne(Filters.eq("_id", created.roleId()), Updates.combine(
                    Updates.set("poolId", created.poolId()), Updates.set("namespaceId", created.namespaceId()),
                    Updates.set("code", created.code()), Updates.set("name", created.name()),
                    Updates.set("description", created.description()), Updates.set("status", created.status()),
                    Updates.set("disableTime", created.disableTime()),
                    Updates.setOnInsert("createdAt", Date.from(at)), Updates.set("updatedAt", Date.from(at))),
                    new UpdateOptions().upsert(true));
            codes.claim(created.poolId(), codeKey(created.poolId(), created.namespaceId(), created.code()),
                    created.roleId(), at);
        } else if (event instanceof RoleUpdated updated) {
            roles.updateOne(Filters.eq("_id", updated.roleId()), Updates.combine(
                    Updates.set("code", updated.code()), Updates.set("name", updated.name()),
                    Updates.set("description", updated.description()), Updates.set("status", updated.status()),
                    Updates.set("disableTime", updated.disableTime()), Updates.set("updatedAt", Date.from(at))));
            if (!updated.code().equals(updated.previousCode())) {
                codes.release(codeKey(updated.poolId(), updated.namespaceId(), updated.previousCode()),
                        updated.roleId());
            }
            codes.claim(updated.poolId(), codeKey(updated.poolId(), updated.namespaceId(), updated.code()),
                    updated.roleId(), at);
        } else if (event instanceof RoleDeleted deleted) {
            assignments.deleteMany(Filters.eq("roleId", deleted.roleId()));
            codes.release(codeKey(deleted.poolId(), deleted.namespaceId(), deleted.code()), deleted.roleId());
            roles.deleteOne(Filters.eq("_id", deleted.roleId()));
        } else if (event instanceof RoleAssigned assigned) {
            for (String targetId : assigned.targetIds()) {
                assignments.updateOne(Filters.eq("_id",
                                assignmentId(assigned.roleId(), assigned.targetType(), targetId)),
                        Updates.combine(Updates.set("poolId", assigned.poolId()),
                                Updates.set("roleId", assigned.roleId()),
                                Updates.set("namespaceId", assigned.namespaceId()),
                                Updates.set("targetType", assigned.targetType()), Updates.set("targetId", targetId),
                                Updates.set("enableTime", assigned.enableTime()),
                                Updates.set("endTime", assigned.endTime()),
                                Updates.setOnInsert("assignedAt", Date.from(at)),
                                Updates.set("updatedAt", Date.from(at))),
                        new UpdateOptions().upsert(true));
            }
        } else if (event instanceof RoleRevoked revoked) {
            assignments.deleteMany(Filters.in("_id", revoked.targetIds().stream()
                    .map(id -> assignmentId(revoked.roleId(), revoked.targetType(), id)).toList()));
        }
    }
}

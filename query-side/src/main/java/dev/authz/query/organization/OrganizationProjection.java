package dev.authz.query.organization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DepartmentUpdated;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.OrganizationCreated;
import dev.authz.api.event.OrganizationDeleted;
import dev.authz.api.event.OrganizationUpdated;
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Organizations ({@code organizations}, codes in {@code organization_codes}), departments ({@code departments},
 * each with its organization and parent) and department members ({@code department_members}, one document
 * per department and user); a user's {@code departmentIds} are kept on the user document ($addToSet/$pull).
 *
 * <p>Members are plain documents paged with skip/limit, not the slot scheme of group members: departments
 * mirror an org chart (tens to thousands of people), and list/search/include-children queries need
 * filters over several departments at once, which slots cannot serve.
 */
@Component
public class OrganizationProjection implements Projection {
    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> departments;
    private final MongoCollection<Document> members;
    private final MongoCollection<Document> users;
    private final OwnedKeys codes;

    public OrganizationProjection(ReadModel readModel) {
        this.organizations = readModel.collection("organizations");
        this.departments = readModel.collection("departments");
        this.members = readModel.collection("department_members");
        this.users = readModel.users();
        this.codes = new OwnedKeys(readModel.collection("organization_codes"));
        organizations.createIndex(Indexes.ascending("poolId", "createdAt"));
        departments.createIndex(Indexes.ascending("organizationId", "parentDepartmentId"));
        departments.createIndex(Indexes.ascending("organizationId", "code"));
        members.createIndex(Indexes.ascending("departmentId", "joinedAt"));
        members.createIndex(Indexes.ascending("poolId", "userId"));
    }

    MongoCollection<Document> organizations() {
        return organizations;
    }

    MongoCollection<Document> departments() {
        return departments;
    }

    MongoCollection<Document> members() {
        return members;
    }

    OwnedKeys codes() {
        return codes;
    }

    static String codeKey(String poolId, String code) {
        return OwnedKeys.key(poolId, "organization", code);
    }

    static String memberId(String departmentId, String userId) {
        return departmentId + "|" + userId;
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof OrganizationCreated created) {
            organizations.updateOne(Filters.eq("_id", created.organizationId()), Updates.combine(
                    Updates.set("poolId", created.poolId()), Updates.set("code", created.code()),
                    Updates.set("name", created.name()), Updates.set("description", created.description()),
                    Updates.set("rootDepartmentId", created.rootDepartmentId()),
                    Updates.setOnInsert("createdAt", Date.from(at)), Updates.set("updatedAt", Date.from(at))),
                    new UpdateOptions().upsert(true));
            codes.claim(created.poolId(), codeKey(created.poolId(), created.code()), created.organizationId(), at);
        } else if (event instanceof OrganizationUpdated updated) {
            organizations.updateOne(Filters.eq("_id", updated.organizationId()), Updates.combine(
                    Updates.set("code", updated.code()), Updates.set("name", updated.name()),
                    Updates.set("description", updated.description()), Updates.set("updatedAt", Date.from(at))));
            if (!updated.code().equals(updated.previousCode())) {
                codes.release(codeKey(updated.poolId(), updated.previousCode()), updated.organizationId());
            }
            codes.claim(updated.poolId(), codeKey(updated.poolId(), updated.code()), updated.organizationId(), at);
        } else if (event instanceof OrganizationDeleted deleted) {
            codes.release(codeKey(deleted.poolId(), deleted.code()), deleted.organizationId());
            organizations.deleteOne(Filters.eq("_id", deleted.organizationId()));
        } else if (event instanceof DepartmentCreated created) {
            departments.updateOne(Filters.eq("_id", created.departmentId()), Updates.combine(
                    Updates.set("poolId", created.poolId()), Updates.set("organizationId", created.organizationId()),
                    Updates.set("parentDepartmentId", created.parentDepartmentId()),
                    Updates.set("code", created.code()), Updates.set("name", created.name()),
                    Updates.set("description", created.description()),
                    Updates.setOnInsert("createdAt", Date.from(at)), Updates.set("updatedAt", Date.from(at))),
                    new UpdateOptions().upsert(true));
        } else if (event instanceof DepartmentUpdated updated) {
            departments.updateOne(Filters.eq("_id", updated.departmentId()), Updates.combine(
                    Updates.set("parentDepartmentId", updated.parentDepartmentId()),
                    Updates.set("code", updated.code()), Updates.set("name", updated.name()),
                    Updates.set("description", updated.description()), Updates.set("updatedAt", Date.from(at))));
        } else if (event instanceof DepartmentDeleted deleted) {
            List<String> userIds = new ArrayList<>();
            members.find(Filters.eq("departmentId", deleted.departmentId()))
                    .forEach(member -> userIds.add(member.getString("userId")));
            if (!userIds.isEmpty()) {
                users.updateMany(Filters.in("_id", userIds), Updates.pull("departmentIds", deleted.departmentId()));
            }
            members.deleteMany(Filters.eq("departmentId", deleted.departmentId()));
            departments.deleteOne(Filters.eq("_id", deleted.departmentId()));
        } else if (event instanceof DepartmentMembersAdded added) {
            for (String userId : added.userIds()) {
                members.updateOne(Filters.eq("_id", memberId(added.departmentId(), userId)), Updates.combine(
                        Updates.set("poolId", added.poolId()), Updates.set("departmentId", added.departmentId()),
                        Updates.set("userId", userId), Updates.setOnInsert("joinedAt", Date.from(at))),
                        new UpdateOptions().upsert(true));
                // A placeholder user document when the user's own events are still on their way.
                users.updateOne(Filters.eq("_id", userId), Updates.combine(
                        Updates.addToSet("departmentIds", added.departmentId()),
                        Updates.setOnInsert("poolId", added.poolId())), new UpdateOptions().upsert(true));
            }
        } else if (event instanceof DepartmentMembersRemoved removed) {
            members.deleteMany(Filters.in("_id", removed.userIds().stream()
                    .map(userId -> memberId(removed.departmentId(), userId)).toList()));
            users.updateMany(Filters.in("_id", removed.userIds()),
                    Updates.pull("departmentIds", removed.departmentId()));
        }
    }
}

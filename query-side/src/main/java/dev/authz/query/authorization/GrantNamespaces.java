package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.PolicyIds;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Per target (user, group, department, role), the namespaces where it has grants ({@code authz_grant_namespaces},
 * {@code _id = pool|targetType|targetId}, {@code namespaces.<namespaceId>: true}). With {@link PolicyIds} this
 * finds a target's policies by {@code _id}: what a membership change must recompute, what a deletion must drop.
 * A namespace is added by a grant and removed when the target's policy there becomes empty; both come from that
 * one policy's events, in order.
 */
@Component
class GrantNamespaces {
    /** A target: what a policy is about. */
    record Target(String type, String id) {
    }

    private final MongoCollection<Document> namespaces;

    GrantNamespaces(AuthorizationCollections collections) {
        this.namespaces = collections.grantNamespaces();
    }

    void add(String poolId, Target target, String namespaceId) {
        namespaces.updateOne(Filters.eq("_id", id(poolId, target)), Updates.combine(
                Updates.setOnInsert("poolId", poolId), Updates.set(MapFields.path("namespaces", namespaceId), true)),
                new UpdateOptions().upsert(true));
    }

    void remove(String poolId, Target target, String namespaceId) {
        namespaces.updateOne(Filters.eq("_id", id(poolId, target)),
                Updates.unset(MapFields.path("namespaces", namespaceId)));
    }

    Set<String> of(String poolId, Target target) {
        return ofAll(poolId, List.of(target));
    }

    /** The namespaces where any of these targets has grants (one {@code _id $in}). */
    Set<String> ofAll(String poolId, Collection<Target> targets) {
        Set<String> found = new LinkedHashSet<>();
        if (!targets.isEmpty()) {
            namespaces.find(Filters.in("_id", targets.stream().map(t -> id(poolId, t)).toList()))
                    .forEach(doc -> found.addAll(MapFields.ids(doc, "namespaces")));
        }
        return found;
    }

    /** The target's policy ids, one per namespace where it has grants. */
    List<String> policyIds(String poolId, Target target) {
        return of(poolId, target).stream().map(ns -> PolicyIds.of(poolId, ns, target.type(), target.id())).toList();
    }

    void drop(String poolId, Target target) {
        namespaces.deleteOne(Filters.eq("_id", id(poolId, target)));
    }

    private static String id(String poolId, Target target) {
        return poolId + "|" + target.type() + "|" + target.id();
    }
}

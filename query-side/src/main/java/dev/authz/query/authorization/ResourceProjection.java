package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.ResourceDeleted;
import dev.authz.api.event.ResourceUpdated;
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.OwnedKeys;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Resources: one document each, codes per namespace in {@code resource_codes}. */
@Component
public class ResourceProjection implements Projection {
    private final MongoCollection<Document> resources;
    private final OwnedKeys codes;

    public ResourceProjection(AuthorizationCollections collections) {
        this.resources = collections.resources();
        this.codes = collections.resourceCodes();
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof ResourceCreated created) {
            write(created.resourceId(), created.name(), created.description(), created.type(), created.actions(),
                    created.apiIdentifier(), at, Updates.set("poolId", created.poolId()),
                    Updates.set("namespaceId", created.namespaceId()), Updates.set("code", created.code()),
                    Updates.setOnInsert("createdAt", Date.from(at)));
            codes.claim(created.poolId(), AuthorizationCollections.resourceCodeKey(created.poolId(),
                    created.namespaceId(), created.code()), created.resourceId(), at);
        } else if (event instanceof ResourceUpdated updated) {
            write(updated.resourceId(), updated.name(), updated.description(), updated.type(), updated.actions(),
                    updated.apiIdentifier(), at);
        } else if (event instanceof ResourceDeleted deleted) {
            resources.deleteOne(Filters.eq("_id", deleted.resourceId()));
            codes.release(AuthorizationCollections.resourceCodeKey(deleted.poolId(), deleted.namespaceId(),
                    deleted.code()), deleted.resourceId());
        }
    }

    private void write(String resourceId, String name, String description, String type, List<ResourceAction> actions,
                       String apiIdentifier, Instant at, org.bson.conversions.Bson... more) {
        List<Document> actionDocs = actions == null ? List.of() : actions.stream()
                .map(action -> new Document("name", action.name()).append("description", action.description()))
                .toList();
        List<org.bson.conversions.Bson> updates = new java.util.ArrayList<>(List.of(Updates.set("name", name),
                Updates.set("description", description), Updates.set("type", type),
                Updates.set("actions", actionDocs), Updates.set("apiIdentifier", apiIdentifier),
                Updates.set("updatedAt", Date.from(at))));
        updates.addAll(List.of(more));
        resources.updateOne(Filters.eq("_id", resourceId), Updates.combine(updates), new UpdateOptions().upsert(true));
    }
}

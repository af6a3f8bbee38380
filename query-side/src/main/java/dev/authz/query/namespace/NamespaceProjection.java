package dev.authz.query.namespace;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.NamespaceDeleted;
import dev.authz.api.event.NamespaceUpdated;
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.OwnedKeys;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;

/** Namespaces: one document each ({@code namespaces}), codes in {@code namespace_codes}. */
@Component
public class NamespaceProjection implements Projection {
    private final MongoCollection<Document> namespaces;
    private final OwnedKeys codes;

    public NamespaceProjection(NamespaceCollections collections) {
        this.namespaces = collections.namespaces();
        this.codes = collections.codes();
    }

    static String codeKey(String poolId, String code) {
        return OwnedKeys.key(poolId, "namespace", code);
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof NamespaceCreated created) {
            namespaces.updateOne(Filters.eq("_id", created.namespaceId()), Updates.combine(
                    Updates.set("poolId", created.poolId()), Updates.set("code", created.code()),
                    Updates.set("name", created.name()), Updates.set("description", created.description()),
                    Updates.setOnInsert("createdAt", Date.from(at)), Updates.set("updatedAt", Date.from(at))),
                    new UpdateOptions().upsert(true));
            codes.claim(created.poolId(), codeKey(created.poolId(), created.code()), created.namespaceId(), at);
        } else if (event instanceof NamespaceUpdated updated) {
            namespaces.updateOne(Filters.eq("_id", updated.namespaceId()), Updates.combine(
                    Updates.set("code", updated.code()), Updates.set("name", updated.name()),
                    Updates.set("description", updated.description()), Updates.set("updatedAt", Date.from(at))));
            if (!updated.code().equals(updated.previousCode())) {
                codes.release(codeKey(updated.poolId(), updated.previousCode()), updated.namespaceId());
            }
            codes.claim(updated.poolId(), codeKey(updated.poolId(), updated.code()), updated.namespaceId(), at);
        } else if (event instanceof NamespaceDeleted deleted) {
            namespaces.deleteOne(Filters.eq("_id", deleted.namespaceId()));
            codes.release(codeKey(deleted.poolId(), deleted.code()), deleted.namespaceId());
        }
    }
}

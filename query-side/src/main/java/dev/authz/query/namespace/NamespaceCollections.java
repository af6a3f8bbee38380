package dev.authz.query.namespace;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import dev.authz.query.readmodel.OwnedKeys;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** The namespace collections, indexes created at startup. */
@Component
public class NamespaceCollections {
    private final MongoCollection<Document> namespaces;
    private final OwnedKeys codes;

    public NamespaceCollections(MongoDatabase database) {
        this.namespaces = database.getCollection("namespaces");
        this.codes = new OwnedKeys(database.getCollection("namespace_codes"));
        namespaces.createIndex(Indexes.ascending("poolId", "code"));
    }

    public MongoCollection<Document> namespaces() {
        return namespaces;
    }

    public OwnedKeys codes() {
        return codes;
    }
}

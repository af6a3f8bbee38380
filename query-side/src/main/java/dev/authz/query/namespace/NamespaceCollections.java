package dev.authz.query.namespace;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** The namespace collections, indexes created at startup. */
@Component
public class NamespaceCollections {
    private final MongoCollection<Document> namespaces;
    private final OwnedKeys codes;

    public NamespaceCollections(ReadModel readModel) {
        this.namespaces = readModel.collection("namespaces");
        this.codes = new OwnedKeys(readModel.collection("namespace_codes"));
        namespaces.createIndex(Indexes.ascending("poolId", "code"));
    }

    public MongoCollection<Document> namespaces() {
        return namespaces;
    }

    public OwnedKeys codes() {
        return codes;
    }
}

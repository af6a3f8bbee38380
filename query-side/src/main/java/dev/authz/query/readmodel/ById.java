package dev.authz.query.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads by {@code _id} within a pool. The pool is checked on the document, not in the filter: a filter with
 * anything beside {@code _id} makes servers without secondary indexes (mongo-java-server) scan the collection.
 */
public final class ById {
    private ById() {
    }

    public static Optional<Document> find(MongoCollection<Document> collection, String id, String poolId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first())
                .filter(doc -> poolId.equals(doc.getString("poolId")));
    }

    /** The documents of these ids in the pool, in no particular order. */
    public static List<Document> findAll(MongoCollection<Document> collection, Collection<String> ids,
                                         String poolId) {
        List<Document> found = new ArrayList<>();
        if (!ids.isEmpty()) {
            collection.find(Filters.in("_id", ids)).forEach(doc -> {
                if (poolId.equals(doc.getString("poolId"))) {
                    found.add(doc);
                }
            });
        }
        return found;
    }
}

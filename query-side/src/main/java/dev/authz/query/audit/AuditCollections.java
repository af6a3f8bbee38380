package dev.authz.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * {@code admin_audit_logs}: one document per entry, {@code _id} = entry id. The indexes serve real MongoDB's
 * newest-first pages of a pool and request-id lookups; the other filters narrow a pool's time-ordered scan.
 */
@Component
public class AuditCollections {
    private final MongoCollection<Document> entries;

    public AuditCollections(ReadModel readModel) {
        this.entries = readModel.collection("admin_audit_logs");
        entries.createIndex(Indexes.compoundIndex(Indexes.ascending("poolId"), Indexes.descending("time", "_id")));
        entries.createIndex(Indexes.ascending("poolId", "requestId"));
    }

    public MongoCollection<Document> entries() {
        return entries;
    }
}

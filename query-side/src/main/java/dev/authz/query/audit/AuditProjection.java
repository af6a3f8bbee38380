package dev.authz.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.authz.api.event.AdminActionRecorded;
import dev.authz.api.event.DomainEvent;
import dev.authz.query.consumer.Projection;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The admin audit log: each {@link AdminActionRecorded} becomes one document keyed by its entry id. An entry
 * never changes, so a redelivered or replayed event replaces the document with the same content.
 */
@Component
public class AuditProjection implements Projection {
    private final MongoCollection<Document> entries;

    public AuditProjection(AuditCollections collections) {
        this.entries = collections.entries();
    }

    @Override
    public void apply(DomainEvent event, Instant at) {
        if (event instanceof AdminActionRecorded entry) {
            entries.replaceOne(Filters.eq("_id", entry.entryId()), document(entry, at),
                    new ReplaceOptions().upsert(true));
        }
    }

    private static Document document(AdminActionRecorded entry, Instant at) {
        return new Document("_id", entry.entryId())
                .append("poolId", entry.poolId())
                .append("time", Date.from(at))
                .append("adminUserId", entry.adminUserId())
                .append("requestId", entry.requestId())
                .append("clientIp", entry.clientIp())
                .append("userAgent", entry.userAgent())
                .append("operation", entry.operation())
                .append("operationType", entry.operationType())
                .append("resourceType", entry.resourceType())
                .append("success", entry.success())
                .append("apiCode", entry.apiCode())
                .append("reason", entry.reason())
                .append("operationParam", entry.operationParam())
                .append("before", entry.before())
                .append("after", entry.after())
                .append("changes", entry.changes() == null ? List.of() : entry.changes().stream()
                        .map(change -> new Document("type", change.type()).append("aggregateId", change.aggregateId()))
                        .toList());
    }
}

package dev.authz.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.web.AdminAuditLogDto;
import dev.authz.api.web.Page;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pages of a pool's admin audit log, newest first ({@code time}, then {@code _id}, both descending: entries of
 * the same millisecond keep one order on every page). Only equality, boolean and range filters plus a
 * two-key sort: MongoDB and mongo-java-server give the same answer.
 */
@Component
public class AuditQueries {
    private final MongoCollection<Document> entries;

    public AuditQueries(AuditCollections collections) {
        this.entries = collections.entries();
    }

    /** What to look for; null fields do not filter. {@code start}/{@code end}: inclusive, epoch milliseconds. */
    public record Filter(String requestId, String clientIp, String operationType, String resourceType,
                         String adminUserId, Boolean success, Long start, Long end) {
    }

    public Page<AdminAuditLogDto> page(String poolId, Filter filter, int page, int limit) {
        Bson query = query(poolId, filter);
        List<AdminAuditLogDto> list = new ArrayList<>();
        entries.find(query).sort(Sorts.descending("time", "_id")).skip((page - 1) * limit).limit(limit)
                .forEach(entry -> list.add(toDto(entry)));
        return new Page<>(entries.countDocuments(query), list);
    }

    private static Bson query(String poolId, Filter filter) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.eq("poolId", poolId));
        equal(conditions, "requestId", filter.requestId());
        equal(conditions, "clientIp", filter.clientIp());
        equal(conditions, "operationType", filter.operationType());
        equal(conditions, "resourceType", filter.resourceType());
        equal(conditions, "adminUserId", filter.adminUserId());
        if (filter.success() != null) {
            conditions.add(Filters.eq("success", filter.success()));
        }
        if (filter.start() != null) {
            conditions.add(Filters.gte("time", new Date(filter.start())));
        }
        if (filter.end() != null) {
            conditions.add(Filters.lte("time", new Date(filter.end())));
        }
        return Filters.and(conditions);
    }

    private static void equal(List<Bson> conditions, String field, String value) {
        if (value != null) {
            conditions.add(Filters.eq(field, value));
        }
    }

    private static AdminAuditLogDto toDto(Document entry) {
        boolean success = Boolean.TRUE.equals(entry.getBoolean("success"));
        String adminUserId = entry.getString("adminUserId");
        String userAgent = entry.getString("userAgent");
        return new AdminAuditLogDto(entry.getString("_id"), adminUserId, "", adminUserId,
                entry.getString("clientIp"), entry.getString("operationType"), entry.getString("resourceType"),
                entry.getString("operation"), success ? summary(entry.getList("changes", Document.class))
                : entry.getString("reason"), entry.getString("operationParam"), entry.getString("before"),
                entry.getString("after"), success, entry.getInteger("apiCode"), userAgent == null ? "" : userAgent,
                UserAgents.parse(userAgent), null, entry.getDate("time").toInstant().toString(),
                entry.getString("requestId"));
    }

    /** "GroupCreated x2, GroupMembersAdded": what an accepted write appended, or "no change". */
    private static String summary(List<Document> changes) {
        if (changes == null || changes.isEmpty()) {
            return "no change";
        }
        Map<String, Long> counts = changes.stream().collect(Collectors.groupingBy(change -> change.getString("type"),
                LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(count -> count.getValue() == 1 ? count.getKey() : count.getKey() + " x" + count.getValue())
                .collect(Collectors.joining(", "));
    }
}

package dev.authz.query.consistency;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The highest event sequence applied per aggregate ({@code aggregate_versions}). Projections skip what is at
 * or below it; it only ever grows ({@code $max}), so a redelivered or replayed record cannot move it back.
 */
@Component
public class AggregateVersions {
    public static final long NONE = -1;

    private final ReadModel readModel;

    public AggregateVersions(ReadModel readModel) {
        this.readModel = readModel;
    }

    /** An aggregate's event sequence that the read model now reflects. */
    public record Applied(String aggregateId, String poolId, long sequence) {
    }

    /** The highest applied sequence of each of these aggregates that has one (one {@code _id $in} read). */
    public Map<String, Long> applied(Collection<String> aggregateIds) {
        Map<String, Long> applied = new HashMap<>();
        if (aggregateIds.isEmpty()) {
            return applied;
        }
        readModel.aggregateVersions().find(Filters.in("_id", new HashSet<>(aggregateIds)))
                .forEach(doc -> applied.put(doc.getString("_id"), doc.get("sequence", Number.class).longValue()));
        return applied;
    }

    /** Records these sequences in one bulk write; {@code $max} keeps the highest if one arrives twice. */
    public void recordAll(List<Applied> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        readModel.aggregateVersions().bulkWrite(sequences.stream()
                .map(a -> new UpdateOneModel<Document>(Filters.eq("_id", a.aggregateId()),
                        Updates.combine(Updates.max("sequence", a.sequence()),
                                Updates.setOnInsert("poolId", a.poolId())), new UpdateOptions().upsert(true)))
                .toList(), new BulkWriteOptions().ordered(false));
    }

    /** True when every aggregate has applied at least the given sequence. */
    public boolean allApplied(Map<String, Long> positions) {
        Map<String, Long> applied = applied(positions.keySet());
        return positions.entrySet().stream()
                .allMatch(position -> applied.getOrDefault(position.getKey(), NONE) >= position.getValue());
    }
}

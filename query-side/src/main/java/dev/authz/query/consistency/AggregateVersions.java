package dev.authz.query.consistency;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.HashMap;
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

    public long applied(String aggregateId) {
        Document found = readModel.aggregateVersions().find(Filters.eq("_id", aggregateId)).first();
        return found == null ? NONE : found.get("sequence", Number.class).longValue();
    }

    public void record(String aggregateId, String poolId, long sequence) {
        readModel.aggregateVersions().updateOne(Filters.eq("_id", aggregateId),
                Updates.combine(Updates.max("sequence", sequence), Updates.setOnInsert("poolId", poolId)),
                new UpdateOptions().upsert(true));
    }

    /** True when every aggregate has applied at least the given sequence. */
    public boolean allApplied(Map<String, Long> positions) {
        Map<String, Long> applied = new HashMap<>();
        readModel.aggregateVersions().find(Filters.in("_id", positions.keySet()))
                .forEach(doc -> applied.put(doc.getString("_id"), doc.get("sequence", Number.class).longValue()));
        return positions.entrySet().stream()
                .allMatch(position -> applied.getOrDefault(position.getKey(), NONE) >= position.getValue());
    }
}

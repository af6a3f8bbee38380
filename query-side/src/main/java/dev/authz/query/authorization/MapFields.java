package dev.authz.query.authorization;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Map fields keyed by id ({@code groups.<groupId>}), so that one membership is one {@code $set}/{@code $unset} of
 * its own field: idempotent, and commutative with the writes of every other membership. Ids are 24-hex today;
 * the escaping keeps a {@code .} or a leading {@code $} from ever being read as a path or an operator.
 */
final class MapFields {
    private MapFields() {
    }

    static String encode(String id) {
        return id.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    static String decode(String key) {
        return key.replace("%24", "$").replace("%2E", ".").replace("%25", "%");
    }

    /** {@code map.<encoded id>}: the path of one entry of a map field. */
    static String path(String map, String id) {
        return map + "." + encode(id);
    }

    /** The ids of a map field (absent: none). */
    static List<String> ids(Document document, String map) {
        List<String> ids = new ArrayList<>();
        Document entries = document == null ? null : document.get(map, Document.class);
        if (entries != null) {
            entries.keySet().forEach(key -> ids.add(decode(key)));
        }
        return ids;
    }

    /** The entry of one id in a map field, or null. */
    static Document entry(Document document, String map, String id) {
        Document entries = document == null ? null : document.get(map, Document.class);
        return entries == null ? null : entries.get(encode(id), Document.class);
    }

    /**
     * Sets {@code map.<id>} to {@code value} in each of these documents, created when missing ({@code onInsert}
     * gives their other fields); one bulk round trip.
     */
    static void setAll(MongoCollection<Document> collection, Collection<String> documentIds, String map, String id,
                       Object value, Function<String, Bson> onInsert) {
        if (documentIds.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (String documentId : new LinkedHashSet<>(documentIds)) {
            writes.add(new UpdateOneModel<>(Filters.eq("_id", documentId),
                    Updates.combine(onInsert.apply(documentId), Updates.set(path(map, id), value)),
                    new UpdateOptions().upsert(true)));
        }
        collection.bulkWrite(writes);
    }

    /** Sets {@code map.<id>} to {@code value} in each of these documents that exists; one bulk round trip. */
    static void setInExisting(MongoCollection<Document> collection, Collection<String> documentIds, String map,
                              String id, Object value) {
        updateExisting(collection, documentIds, Updates.set(path(map, id), value));
    }

    /** Removes {@code map.<id>} from each of these documents that exists; one bulk round trip. */
    static void unsetAll(MongoCollection<Document> collection, Collection<String> documentIds, String map, String id) {
        updateExisting(collection, documentIds, Updates.unset(path(map, id)));
    }

    private static void updateExisting(MongoCollection<Document> collection, Collection<String> documentIds,
                                       Bson update) {
        if (documentIds.isEmpty()) {
            return;
        }
        collection.bulkWrite(new LinkedHashSet<>(documentIds).stream().<WriteModel<Document>>map(documentId ->
                new UpdateOneModel<>(Filters.eq("_id", documentId), update)).toList());
    }
}

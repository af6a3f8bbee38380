package dev.authz.devstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The query side's read model as MongoDB holds it: which generation serves, and every document of it. */
final class ReadModelSnapshots {
    /** Not read models: outside every generation (see ReadModel / Generations on the query side). */
    private static final Set<String> CONTROL_COLLECTIONS = Set.of("read_model_generation", "nonces");

    private ReadModelSnapshots() {
    }

    /** The database of the generation that serves now (the pointer document; none: the configured one). */
    static MongoDatabase servingDatabase(MongoClient mongo) {
        Document pointer = mongo.getDatabase("authz").getCollection("read_model_generation")
                .find(new Document("_id", "active")).first();
        return mongo.getDatabase(pointer == null ? "authz" : pointer.getString("database"));
    }

    /** Every document of every read-model collection, by collection name. */
    static Map<String, List<Document>> snapshot(MongoDatabase database) {
        Map<String, List<Document>> collections = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            if (!CONTROL_COLLECTIONS.contains(name)) {
                collections.put(name, database.getCollection(name).find().into(new ArrayList<>()));
            }
        }
        return collections;
    }
}

package dev.authz.query.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One complete copy of the read model: generation 0 lives in the configured database (beside the control
 * collections, which belong to no generation), generation N in {@code <database>_g<N>}. A rebuild fills a new
 * generation from the event store while the active one keeps serving, then switches the pointer.
 */
public final class Generation {
    private final long number;
    private final MongoDatabase database;
    private final Set<String> controlCollections;
    private final Map<String, MongoCollection<Document>> collections = new ConcurrentHashMap<>();

    Generation(long number, MongoDatabase database, Set<String> controlCollections) {
        this.number = number;
        this.database = database;
        this.controlCollections = controlCollections;
    }

    public long number() {
        return number;
    }

    public String databaseName() {
        return database.getName();
    }

    public MongoCollection<Document> collection(String name) {
        return collections.computeIfAbsent(name, database::getCollection);
    }

    /** The names of the collections holding this generation's documents (control collections excluded). */
    public List<String> collectionNames() {
        List<String> names = new ArrayList<>();
        database.listCollectionNames().forEach(name -> {
            if (!controlCollections.contains(name)) {
                names.add(name);
            }
        });
        return names;
    }

    /** Deletes every document of this generation (generation 0: its collections; others: their database). */
    void drop() {
        if (number == 0) {
            collectionNames().forEach(name -> database.getCollection(name).drop());
        } else {
            database.drop();
        }
    }

    @Override
    public String toString() {
        return "generation " + number + " (" + databaseName() + ")";
    }
}

package dev.authz.query.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The read model's collections, for every component that reads or writes it. Components keep what they get
 * here in fields; each collection is a handle that resolves, on every call, to the generation of the calling
 * thread: the one pinned by {@link #pin} (a rebuild's workers, one consumed record, one HTTP request), else
 * the active one. So the live code and a rebuild run the very same component instances, each on its own
 * generation. Indexes created through a handle are remembered, and {@link #createIndexes} puts them all on a new
 * generation. mongo-java-server only uses {@code _id} and unique indexes for lookups, so every hot read is shaped
 * as an {@code _id} or unique-key lookup ({@code $in} included); the plain compound indexes serve real MongoDB.
 */
public class ReadModel {
    public static final String NONCES = "nonces";

    private final Generations generations;
    private final ThreadLocal<Generation> pinned = new ThreadLocal<>();
    private final Map<String, MongoCollection<Document>> handles = new ConcurrentHashMap<>();
    private final Map<IndexKey, IndexModel> indexes = new ConcurrentHashMap<>();

    private record IndexKey(String collection, String keys) {
    }

    public ReadModel(Generations generations) {
        this.generations = generations;
        createIndexes();
    }

    /** The collection of this name in the calling thread's generation (see the class comment). */
    public MongoCollection<Document> collection(String name) {
        return handles.computeIfAbsent(name, this::handle);
    }

    public MongoCollection<Document> groups() {
        return collection("groups");
    }

    public MongoCollection<Document> groupMembers() {
        return collection("group_members");
    }

    public MongoCollection<Document> groupMemberSlots() {
        return collection("group_member_slots");
    }

    public MongoCollection<Document> groupCodes() {
        return collection("group_codes");
    }

    public MongoCollection<Document> users() {
        return collection("users");
    }

    public MongoCollection<Document> userKeys() {
        return collection("user_keys");
    }

    public MongoCollection<Document> aggregateVersions() {
        return collection("aggregate_versions");
    }

    /** Signature nonces: not derived from events, so outside every generation. */
    public MongoCollection<Document> nonces() {
        return generations.controlCollection(NONCES);
    }

    /** The generation the calling thread reads and writes. */
    public Generation current() {
        Generation generation = pinned.get();
        return generation != null ? generation : generations.active();
    }

    /** Until closed, every collection of this read model resolves to {@code generation} on the calling thread. */
    public Pin pin(Generation generation) {
        Generation outer = pinned.get();
        pinned.set(generation);
        return () -> {
            if (outer == null) {
                pinned.remove();
            } else {
                pinned.set(outer);
            }
        };
    }

    /** Pins the generation in use now (the pinned one if any), so a switch meanwhile cannot split the work. */
    public Pin pinCurrent() {
        return pin(current());
    }

    /** A pinned generation; closing it restores what the thread used before. */
    public interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    /** Creates, on this generation, every index the components asked for. */
    public void createIndexes(Generation generation) {
        indexes.forEach((key, index) -> generation.collection(key.collection())
                .createIndex(index.getKeys(), index.getOptions()));
    }

    /** The indexes declared on a collection so far (what {@link #createIndexes} creates). */
    public List<IndexModel> declaredIndexes(String collection) {
        return indexes.entrySet().stream().filter(entry -> entry.getKey().collection().equals(collection))
                .map(Map.Entry::getValue).toList();
    }

    /**
     * Paged lists sort by a time and then {@code _id}; an index ends with both (after the equality fields), so that
     * real MongoDB walks it instead of sorting every document of the pool (a million users: a blocking sort).
     */
    private void createIndexes() {
        // Not unique: events of two groups travel on different partitions, so a rename can reach us after the
        // creation of another group that reuses the old code. Code lookups go through group_codes instead.
        groups().createIndex(Indexes.ascending("poolId", "code"));
        groups().createIndex(Indexes.descending("poolId", "createdAt", "_id"));
        groupMembers().createIndex(Indexes.ascending("poolId", "groupId", "slot"));
        groupMembers().createIndex(Indexes.ascending("poolId", "userId"));
        users().createIndex(Indexes.ascending("poolId", "username"));
        users().createIndex(Indexes.ascending("poolId", "email"));
        users().createIndex(Indexes.ascending("poolId", "phone"));
        users().createIndex(Indexes.ascending("poolId", "externalId"));
        users().createIndex(Indexes.descending("poolId", "createdAt", "_id"));
        nonces().createIndex(Indexes.ascending("expireAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    @SuppressWarnings("unchecked")
    private MongoCollection<Document> handle(String name) {
        InvocationHandler resolving = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "read-model collection " + name;
                };
            }
            remember(name, method.getName(), args);
            try {
                return method.invoke(current().collection(name), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MongoCollection<Document>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, resolving);
    }

    private void remember(String collection, String method, Object[] args) {
        if (method.equals("createIndex") && args[0] instanceof Bson keys) {
            IndexOptions options = args.length > 1 && args[1] instanceof IndexOptions given ? given : new IndexOptions();
            indexes.putIfAbsent(new IndexKey(collection, keys.toBsonDocument().toJson()), new IndexModel(keys, options));
        } else if (method.equals("createIndexes") && args[0] instanceof List<?> models) {
            models.forEach(model -> remember(collection, "createIndex",
                    new Object[] {((IndexModel) model).getKeys(), ((IndexModel) model).getOptions()}));
        }
    }
}

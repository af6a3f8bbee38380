package dev.authz.query.readmodel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@link Generation} serves: the pointer document {@code read_model_generation/active} in the configured
 * database says so ({@code generation}, plus the {@code previous} ones kept for rollback). Switching is one
 * single-document write, so every reader sees either the old generation or the new one, never a mix; other
 * instances pick the change up within one refresh period.
 */
public class Generations implements AutoCloseable {
    public static final String CONTROL = "read_model_generation";
    static final String POINTER_ID = "active";
    private static final Logger log = LoggerFactory.getLogger(Generations.class);

    private final MongoClient client;
    private final MongoDatabase base;
    private final Pattern generationDatabase;
    private final Set<String> controlCollections = ConcurrentHashMap.newKeySet();
    private final MongoCollection<Document> control;
    private final ScheduledExecutorService refresher;
    private volatile Generation active;

    public Generations(MongoClient client, String databaseName, Duration refreshEvery) {
        this.client = client;
        this.base = client.getDatabase(databaseName);
        this.generationDatabase = Pattern.compile(Pattern.quote(databaseName) + "_g(\\d+)");
        this.control = controlCollection(CONTROL);
        this.active = open(pointedNumber());
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "read-model-generation");
            thread.setDaemon(true);
            return thread;
        });
        if (!refreshEvery.isZero()) { // zero: this process alone switches (tests)
            long millis = Math.max(100, refreshEvery.toMillis());
            refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** The generation queries and the live consumer use now. */
    public Generation active() {
        return active;
    }

    /** A collection outside every generation (nonces, this pointer, rebuild status): never copied, never dropped. */
    public MongoCollection<Document> controlCollection(String name) {
        controlCollections.add(name);
        return base.getCollection(name);
    }

    public Generation open(long number) {
        return new Generation(number, number == 0 ? base : client.getDatabase(base.getName() + "_g" + number),
                controlCollections);
    }

    /** Follows a switch made by another instance. */
    public synchronized void refresh() {
        long pointed = pointedNumber();
        if (pointed != active.number()) {
            log.info("read model switched to generation {} (was {})", pointed, active.number());
            active = open(pointed);
        }
    }

    /**
     * The switch: makes {@code target} the active generation with one document write, keeps the
     * {@code keepPrevious} most recent previous ones for rollback and returns those no longer kept (to drop).
     */
    public synchronized List<Generation> activate(Generation target, int keepPrevious) {
        Document pointer = pointer();
        Set<Long> previous = new LinkedHashSet<>();
        previous.add(pointer == null ? 0L : pointer.get("generation", Number.class).longValue());
        previous.addAll(previousOf(pointer));
        previous.remove(target.number());
        List<Long> all = new ArrayList<>(previous);
        List<Long> kept = all.subList(0, Math.min(Math.max(0, keepPrevious), all.size()));
        control.replaceOne(Filters.eq("_id", POINTER_ID), new Document("_id", POINTER_ID)
                .append("generation", target.number()).append("database", target.databaseName())
                .append("previous", kept).append("switchedAt", new Date()), new ReplaceOptions().upsert(true));
        active = target;
        return all.subList(kept.size(), all.size()).stream().map(this::open).toList();
    }

    /** Generations that hold data but are neither active nor kept: leftovers of a failed or interrupted rebuild. */
    public List<Generation> orphans() {
        Set<Long> live = new TreeSet<>(previousOf(pointer()));
        live.add(active.number());
        return existing().stream().filter(number -> !live.contains(number)).map(this::open).toList();
    }

    /** A number no generation has used: above every existing, active or kept one. */
    public long nextNumber() {
        TreeSet<Long> used = existing();
        used.add(active.number());
        used.addAll(previousOf(pointer()));
        return used.last() + 1;
    }

    /** Deletes a generation's data; never the active one. */
    public void drop(Generation generation) {
        if (generation.number() == active.number()) {
            throw new IllegalStateException("refusing to drop the active " + generation);
        }
        generation.drop();
        log.info("dropped {}", generation);
    }

    private TreeSet<Long> existing() {
        TreeSet<Long> numbers = new TreeSet<>();
        if (!open(0).collectionNames().isEmpty()) {
            numbers.add(0L);
        }
        for (String name : client.listDatabaseNames()) {
            Matcher matcher = generationDatabase.matcher(name);
            if (matcher.matches()) {
                numbers.add(Long.parseLong(matcher.group(1)));
            }
        }
        return numbers;
    }

    private Document pointer() {
        return control.find(Filters.eq("_id", POINTER_ID)).first();
    }

    private long pointedNumber() {
        Document pointer = pointer();
        return pointer == null ? 0 : pointer.get("generation", Number.class).longValue();
    }

    private static List<Long> previousOf(Document pointer) {
        return pointer == null ? List.of()
                : pointer.getList("previous", Number.class, List.of()).stream().map(Number::longValue).toList();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("could not read the read-model generation pointer: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}

package dev.authz.query.rebuild;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.authz.query.readmodel.Generations;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The rebuild's status document ({@code read_model_generation/rebuild}), shared by every instance: it is also
 * the lock. Taking it is one conditional write (free, finished or abandoned → running); while running, the
 * owner rewrites it every second, so a status older than {@link #ABANDONED_AFTER} means its instance is gone.
 */
@Component
public class RebuildStatusStore {
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);
    private static final String ID = "rebuild";

    private final MongoCollection<Document> control;
    private final Clock clock;

    public RebuildStatusStore(Generations generations, Clock clock) {
        this.control = generations.controlCollection(Generations.CONTROL);
        this.clock = clock;
    }

    /** Takes the lock for this rebuild; false when another one is running. */
    boolean acquire(RebuildStatus starting) {
        Instant abandonedBefore = clock.instant().minus(ABANDONED_AFTER);
        try {
            control.replaceOne(Filters.and(Filters.eq("_id", ID), Filters.or(
                            Filters.ne("state", RebuildStatus.RUNNING),
                            Filters.lt("updatedAt", Date.from(abandonedBefore)))),
                    toDocument(starting), new ReplaceOptions().upsert(true));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // the document exists and did not match: running
            }
            throw e;
        }
    }

    /** Writes the owner's latest status (ignored if another instance took an abandoned lock over). */
    void save(RebuildStatus status) {
        control.replaceOne(Filters.and(Filters.eq("_id", ID), Filters.eq("id", status.id())), toDocument(status));
    }

    RebuildStatus read() {
        Document found = control.find(Filters.eq("_id", ID)).first();
        if (found == null) {
            return RebuildStatus.idle();
        }
        RebuildStatus status = fromDocument(found);
        if (status.running() && status.updatedAt() != null
                && status.updatedAt().isBefore(clock.instant().minus(ABANDONED_AFTER))) {
            return status.with("ABANDONED", status.phase(), "no progress reported since " + status.updatedAt()
                    + ": the instance running it stopped; start a new rebuild");
        }
        return status;
    }

    private static Document toDocument(RebuildStatus s) {
        return new Document("_id", ID).append("id", s.id()).append("state", s.state()).append("phase", s.phase())
                .append("generation", s.generation()).append("fromGeneration", s.fromGeneration())
                .append("eventsDone", s.eventsDone()).append("eventsTotal", s.eventsTotal())
                .append("position", s.position()).append("head", s.head())
                .append("eventsPerSecond", s.eventsPerSecond()).append("etaSeconds", s.etaSeconds())
                .append("skipped", s.skipped()).append("startedAt", date(s.startedAt()))
                .append("updatedAt", date(s.updatedAt())).append("finishedAt", date(s.finishedAt()))
                .append("error", s.error()).append("instance", s.instance());
    }

    private static RebuildStatus fromDocument(Document d) {
        return new RebuildStatus(d.getString("id"), d.getString("state"), d.getString("phase"),
                number(d, "generation"), number(d, "fromGeneration"), count(d, "eventsDone"), count(d, "eventsTotal"),
                count(d, "position"), count(d, "head"), d.get("eventsPerSecond", Number.class).doubleValue(),
                number(d, "etaSeconds"), count(d, "skipped"), instant(d, "startedAt"), instant(d, "updatedAt"),
                instant(d, "finishedAt"), d.getString("error"), d.getString("instance"));
    }

    private static Long number(Document d, String field) {
        Number value = d.get(field, Number.class);
        return value == null ? null : value.longValue();
    }

    private static long count(Document d, String field) {
        Long value = number(d, field);
        return value == null ? 0 : value;
    }

    private static Instant instant(Document d, String field) {
        Date value = d.getDate(field);
        return value == null ? null : value.toInstant();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}

package dev.authz.examples.accesscache;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the cache knows, persisted as one unit: the index, the next offset of every partition, the last
 * sequence applied per aggregate and the latest event ids. Because the index and the offsets are written together,
 * a restart resumes exactly after the last record whose effect was saved: never a record applied twice, never one
 * lost, whenever the process dies.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class Checkpoint {
    /** How many event ids are remembered for deduplication (the sequence guard covers anything older). */
    static final int RECENT_EVENT_IDS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    enum Outcome { APPLIED, DUPLICATE, MALFORMED }

    /** A record of a type the index reads, at a schema version this build does not understand. */
    static final class UnreadableVersionException extends RuntimeException {
        UnreadableVersionException(String message) {
            super(message);
        }
    }

    String topic;
    Map<Integer, Long> nextOffsets = new TreeMap<>();
    Map<String, Long> lastSequences = new HashMap<>();
    LinkedHashSet<String> recentEventIds = new LinkedHashSet<>();
    long eventsApplied;
    long duplicatesSkipped;
    long malformedSkipped;
    AccessIndex index = new AccessIndex();

    Checkpoint() {
        // for Jackson
    }

    Checkpoint(String topic) {
        this.topic = topic;
    }

    /**
     * Applies one consumed record unless it was applied before (same {@code ce_id}, or a sequence of its aggregate
     * already applied: the publisher sends at least once), and moves its partition's offset past it.
     *
     * @throws UnreadableVersionException before changing anything, for a version this build cannot read
     */
    Outcome apply(ConsumerRecord<String, String> consumed) {
        StreamRecord record = StreamRecord.parse(consumed);
        Outcome outcome;
        if (record == null) {
            malformedSkipped++;
            outcome = Outcome.MALFORMED;
        } else if (recentEventIds.contains(record.eventId())
                || record.sequence() <= lastSequences.getOrDefault(record.aggregateId(), -1L)) {
            duplicatesSkipped++;
            outcome = Outcome.DUPLICATE;
        } else {
            Integer readable = AccessIndex.READS.get(record.type());
            if (readable != null && readable != record.schemaVersion()) {
                throw new UnreadableVersionException(record.type() + " v" + record.schemaVersion() + " at partition "
                        + consumed.partition() + " offset " + consumed.offset() + ": this build reads v" + readable
                        + "; upgrade the cache (docs/event-stream.md, versions)");
            }
            index.apply(record.type(), record.data());
            lastSequences.put(record.aggregateId(), record.sequence());
            remember(record.eventId());
            eventsApplied++;
            outcome = Outcome.APPLIED;
        }
        nextOffsets.put(consumed.partition(), consumed.offset() + 1);
        return outcome;
    }

    private void remember(String eventId) {
        if (eventId == null) {
            return;
        }
        recentEventIds.add(eventId);
        Iterator<String> oldest = recentEventIds.iterator();
        while (recentEventIds.size() > RECENT_EVENT_IDS) {
            oldest.next();
            oldest.remove();
        }
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Checkpoint fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, Checkpoint.class);
    }

    /** Any part of the state as sorted JSON, for logs and tests. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.authz.command.consistency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events a command appended, collected on the dispatching thread (the local command bus runs the
 * handler there). The write endpoint waits until the query side has applied the last of them.
 */
public final class AppendedEvents {
    /** One appended event: its aggregate, its position in that aggregate's stream, its timestamp. */
    public record Appended(String aggregateId, long sequence, Instant timestamp) {
    }

    private static final ThreadLocal<List<Appended>> CURRENT = new ThreadLocal<>();

    private AppendedEvents() {
    }

    static void begin() {
        CURRENT.set(new ArrayList<>());
    }

    static List<Appended> end() {
        List<Appended> collected = CURRENT.get();
        CURRENT.remove();
        return collected == null ? List.of() : collected;
    }

    /** No-op outside a dispatch (the publisher's and snapshotter's threads). */
    static void record(String aggregateId, long sequence, Instant timestamp) {
        List<Appended> collected = CURRENT.get();
        if (collected != null) {
            collected.add(new Appended(aggregateId, sequence, timestamp));
        }
    }
}

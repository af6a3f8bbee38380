package dev.authz.query.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * What {@code GET /internal/v1/rebuild} answers. {@code state}: IDLE (never ran), RUNNING, SUCCEEDED, FAILED,
 * ABANDONED (its instance stopped reporting). {@code phase} while running: PREPARING, REPLAYING (live consumer
 * still applying to the serving generation), CATCHING_UP (live consumer paused, draining the feed to its head),
 * SWITCHING, CLEANING_UP; then DONE or FAILED. {@code eventsTotal} is the event store's head (highest global
 * index) when the rebuild started; {@code head} the latest seen; {@code skipped} counts events the live consumer
 * would have dead-lettered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RebuildStatus(String id, String state, String phase, Long generation, Long fromGeneration,
                            long eventsDone, long eventsTotal, long position, long head, double eventsPerSecond,
                            Long etaSeconds, long skipped, Instant startedAt, Instant updatedAt,
                            Instant finishedAt, String error, String instance) {
    public static final String RUNNING = "RUNNING";

    static RebuildStatus idle() {
        return new RebuildStatus(null, "IDLE", null, null, null, 0, 0, -1, -1, 0, null, 0, null, null, null, null,
                null);
    }

    RebuildStatus with(String newState, String newPhase, String newError) {
        return new RebuildStatus(id, newState, newPhase, generation, fromGeneration, eventsDone, eventsTotal,
                position, head, eventsPerSecond, etaSeconds, skipped, startedAt, updatedAt, finishedAt, newError,
                instance);
    }

    boolean running() {
        return RUNNING.equals(state);
    }
}

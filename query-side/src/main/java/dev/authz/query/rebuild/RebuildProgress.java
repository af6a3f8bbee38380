package dev.authz.query.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The counters of one running rebuild, updated by its workers and turned into a status every second. */
final class RebuildProgress {
    private final RebuildStatus started;
    private final Clock clock;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile long position = -1;
    private volatile long head = -1;
    private volatile long total = -1;
    private volatile long generation = -1;
    private volatile String phase = "PREPARING";
    private volatile String state = RebuildStatus.RUNNING;
    private volatile String error;
    private volatile Instant replayStartedAt;
    private volatile Instant finishedAt;

    RebuildProgress(RebuildStatus started, Clock clock) {
        this.started = started;
        this.clock = clock;
    }

    String id() {
        return started.id();
    }

    void target(long number) {
        generation = number;
    }

    void phase(String name) {
        phase = name;
    }

    void applied(int events) {
        done.addAndGet(events);
    }

    void skipped() {
        skipped.incrementAndGet();
    }

    /** The store's head as a page reports it; the first one seen is the total. */
    void head(long feedHead) {
        if (total < 0) {
            total = feedHead;
            replayStartedAt = clock.instant();
        }
        head = Math.max(head, feedHead);
    }

    /** The position of the last event applied. */
    void position(long lastPosition) {
        position = Math.max(position, lastPosition);
    }

    void finished(String finalState, String failure) {
        finishedAt = clock.instant();
        phase = failure == null ? "DONE" : "FAILED";
        error = failure;
        state = finalState;
    }

    RebuildStatus status() {
        Instant now = clock.instant();
        long eventsDone = done.get();
        double seconds = replayStartedAt == null ? 0
                : Duration.between(replayStartedAt, finishedAt != null ? finishedAt : now).toMillis() / 1000.0;
        double rate = seconds <= 0 ? 0 : Math.round(eventsDone / seconds * 10) / 10.0;
        Long eta = rate <= 0 || finishedAt != null ? null : Math.round(Math.max(0, head - position) / rate);
        return new RebuildStatus(started.id(), state, phase, generation < 0 ? null : generation,
                started.fromGeneration(), eventsDone, Math.max(0, total), position, head, rate, eta, skipped.get(),
                started.startedAt(), now, finishedAt, error, started.instance());
    }
}

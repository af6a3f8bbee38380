package dev.authz.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every scenario gets: the API, the options, a run id that makes every code and username of this run unique
 * (runs can share a system), and helpers to set up data and to wait for the read side to catch up.
 */
public final class BenchContext {
    private final Api api;
    private final BenchOptions options;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private final QuerySideAdmin querySide;
    private final Path localDataDir;

    public BenchContext(Api api, BenchOptions options, String runId, QuerySideAdmin querySide, Path localDataDir) {
        this.api = api;
        this.options = options;
        this.runId = runId;
        this.querySide = querySide;
        this.localDataDir = localDataDir;
    }

    /** The data directory of the system {@code --local} started (its processes can be measured); else null. */
    public Path localDataDir() {
        return localDataDir;
    }

    /** The query side's internal endpoints (the rebuild), when the target's address and token are known. */
    public QuerySideAdmin querySide() {
        if (querySide == null) {
            throw new IllegalStateException("this scenario needs the query side: --local, or --query-url and "
                    + "--internal-token");
        }
        return querySide;
    }

    public Api api() {
        return api;
    }

    public BenchOptions options() {
        return options;
    }

    public String runId() {
        return runId;
    }

    /** A code or username unique in this run: {@code <runId>-<kind>-<n>}. */
    public String unique(String kind) {
        return runId + "-" + kind + "-" + sequence.incrementAndGet();
    }

    public Duration warmup() {
        return Duration.ofSeconds(options.warmupSeconds());
    }

    public Duration duration() {
        return Duration.ofSeconds(options.durationSeconds());
    }

    /**
     * Creates {@code count} users in batches of 100 with {@code x-authz-wait: false}, on the load concurrency;
     * returns their ids (in batch order).
     */
    public List<String> createUsers(String label, int count) {
        int batches = (count + 99) / 100;
        String[][] ids = new String[batches][];
        LoadRunner.fixed(label, options.loadConcurrency(), batches, "users", (index, stats) -> {
            int size = (int) Math.min(100, count - index * 100);
            List<String> names = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                names.add(unique("u"));
            }
            ids[(int) index] = api.createUsers(names, false).toArray(String[]::new);
            return size;
        });
        List<String> all = new ArrayList<>(count);
        for (String[] batch : ids) {
            all.addAll(List.of(batch));
        }
        return all;
    }

    /**
     * Half a second, or 20 times what the probe took when that is more (at most 10 s): a count over a big
     * collection costs the Mongo-wire server a full scan, and polled back to back it took most of the server
     * from the projections whose progress it was waiting for (seen in a profile of the 1,000,000-event load).
     */
    static Duration pauseAfterProbe(long probeNanos) {
        return Duration.ofNanos(Math.min(10_000_000_000L, Math.max(500_000_000L, 20 * probeNanos)));
    }

    /**
     * Polls (paced by {@link #pauseAfterProbe}) until {@code check} reaches {@code expected}, printing progress
     * every 10 s. Used after loads done with x-authz-wait: false, so that the read side's catch-up does not leak
     * into the next measurement.
     * Returns the seconds waited.
     */
    public double awaitCount(String what, long expected, CountProbe check, Duration timeout) {
        long started = System.nanoTime();
        long lastSaid = started;
        long deadline = started + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            long probeStarted = System.nanoTime();
            try {
                seen = check.count();
            } catch (RuntimeException e) {
                Progress.say("  " + what + ": probe failed (" + e.getMessage() + "), retrying");
            }
            if (seen >= expected) {
                double seconds = (System.nanoTime() - started) / 1e9;
                Progress.say("  " + what + ": " + seen + " visible after " + Progress.duration(seconds));
                return seconds;
            }
            if (System.nanoTime() - lastSaid > 10_000_000_000L) {
                Progress.say("  " + what + ": " + seen + "/" + expected + " visible, waiting ...");
                lastSaid = System.nanoTime();
            }
            LoadRunner.sleep(pauseAfterProbe(System.nanoTime() - probeStarted));
        }
        throw new IllegalStateException(what + ": only " + seen + " of " + expected + " visible after "
                + timeout.toSeconds() + " s");
    }

    @FunctionalInterface
    public interface CountProbe {
        long count();
    }
}

package dev.authz.query.rebuild;

import dev.authz.query.consumer.EventParser;
import dev.authz.query.consumer.ProjectionListener;
import dev.authz.query.readmodel.Generation;
import dev.authz.query.readmodel.Generations;
import dev.authz.query.readmodel.ReadModel;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds every projection from the event store into a new generation while the active one keeps serving,
 * then switches (docs/adr/0008-read-model-rebuild.md):
 * <ol>
 * <li>replay the command side's event feed into the new generation (indexes first) until within one page of
 * its head, the live consumer still feeding the serving generation;</li>
 * <li>pause the live consumer, drain the feed to its head;</li>
 * <li>switch the pointer (one document write), resume the consumer: records it re-reads are already in the new
 * generation's {@code aggregate_versions} and change nothing;</li>
 * <li>drop the generations beyond the {@code keep-previous} most recent previous ones.</li>
 * </ol>
 * A failure before the switch drops the half-built generation and leaves the serving one as it was.
 */
@Service
public class RebuildService {
    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final ReadModel readModel;
    private final Generations generations;
    private final ProjectionListener listener;
    private final EventParser parser;
    private final EventFeedClient feed;
    private final LiveConsumer liveConsumer;
    private final RebuildStatusStore store;
    private final Clock clock;
    private final int pageSize;
    private final int lanes;
    private final int keepPrevious;
    private final Duration pauseTimeout;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("read-model-rebuild"));
    private final ExecutorService prefetcher = Executors.newSingleThreadExecutor(daemon("rebuild-feed"));
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(daemon("rebuild-status"));
    private volatile RebuildProgress current;
    private long lastLogged;

    public RebuildService(ReadModel readModel, Generations generations, ProjectionListener listener,
                          EventParser parser, EventFeedClient feed, LiveConsumer liveConsumer,
                          RebuildStatusStore store, Clock clock,
                          @Value("${authz.rebuild.page-size:5000}") int pageSize,
                          @Value("${authz.rebuild.parallelism:4}") int lanes,
                          @Value("${authz.rebuild.keep-previous:1}") int keepPrevious,
                          @Value("${authz.rebuild.pause-timeout:60s}") Duration pauseTimeout) {
        this.readModel = readModel;
        this.generations = generations;
        this.listener = listener;
        this.parser = parser;
        this.feed = feed;
        this.liveConsumer = liveConsumer;
        this.store = store;
        this.clock = clock;
        this.pageSize = pageSize;
        this.lanes = Math.max(1, lanes);
        this.keepPrevious = keepPrevious;
        this.pauseTimeout = pauseTimeout;
        reporter.scheduleWithFixedDelay(this::report, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts a rebuild in the background; refused while one runs (on any instance). */
    public synchronized RebuildStatus start() {
        liveConsumer.requireSoleConsumer();
        RebuildStatus starting = new RebuildStatus(UUID.randomUUID().toString(), RebuildStatus.RUNNING, "PREPARING",
                null, generations.active().number(), 0, 0, -1, -1, 0, null, 0, clock.instant(), clock.instant(),
                null, null, instance);
        if (!store.acquire(starting)) {
            RebuildStatus running = store.read();
            throw new RebuildRefusedException("a rebuild is already running (" + running.id() + ", started "
                    + running.startedAt() + " on " + running.instance() + ")", running);
        }
        RebuildProgress progress = new RebuildProgress(starting, clock);
        current = progress;
        runner.execute(() -> run(progress));
        return progress.status();
    }

    public RebuildStatus status() {
        RebuildProgress local = current;
        RebuildStatus own = local == null ? null : local.status();
        // This instance's own run is fresher than the stored copy (written once a second).
        return own != null && own.running() ? own : store.read();
    }

    private void run(RebuildProgress progress) {
        Generation target = null;
        LiveConsumer.Paused paused = null;
        boolean switched = false;
        try {
            for (Generation orphan : generations.orphans()) {
                generations.drop(orphan);
            }
            target = generations.open(generations.nextNumber());
            progress.target(target.number());
            readModel.createIndexes(target);
            log.info("rebuild {}: replaying the event store into {}", progress.id(), target);
            try (Replay replay = new Replay(readModel, target, listener, parser, progress, lanes)) {
                progress.phase("REPLAYING");
                String cursor = replayToHead(replay, "", progress);
                liveConsumer.requireSoleConsumer();
                paused = liveConsumer.pause(pauseTimeout);
                progress.phase("CATCHING_UP");
                replayToHead(replay, cursor, progress);
            }
            progress.phase("SWITCHING");
            List<Generation> retired = generations.activate(target, keepPrevious);
            switched = true;
            paused.resume();
            paused = null;
            log.info("rebuild {}: {} serves now", progress.id(), target);
            progress.phase("CLEANING_UP");
            for (Generation old : retired) {
                generations.drop(old);
            }
            progress.finished("SUCCEEDED", null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String failure = e instanceof RuntimeException && e.getMessage() != null ? e.getMessage() : e.toString();
            log.error("rebuild {} failed{}: {}", progress.id(), switched ? " after the switch" : "", failure, e);
            if (!switched && target != null) {
                dropQuietly(target);
            }
            progress.finished(switched ? "SUCCEEDED" : "FAILED", switched ? null : failure);
        } finally {
            if (paused != null) {
                paused.resume();
            }
            report();
        }
    }

    /** Reads and applies pages until one comes back short (the head at that read); returns the cursor after it. */
    private String replayToHead(Replay replay, String cursor, RebuildProgress progress) throws InterruptedException {
        EventFeedClient.Page page = feed.read(cursor, pageSize);
        while (true) {
            EventFeedClient.Page current = page;
            // The next page is fetched while this one is applied.
            CompletableFuture<EventFeedClient.Page> next = current.caughtUp() ? null
                    : CompletableFuture.supplyAsync(() -> feed.read(current.next(), pageSize), prefetcher);
            progress.head(current.head());
            replay.apply(current.events());
            progress.position(current.lastPosition(-1));
            if (next == null) {
                return current.next();
            }
            try {
                page = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
    }

    private void dropQuietly(Generation target) {
        try {
            generations.drop(target);
        } catch (RuntimeException e) {
            log.warn("could not drop the unfinished {} (the next rebuild will): {}", target, e.toString());
        }
    }

    private synchronized void report() {
        RebuildProgress progress = current;
        if (progress == null) {
            return;
        }
        RebuildStatus status = progress.status();
        try {
            store.save(status);
        } catch (RuntimeException e) {
            log.warn("could not save the rebuild status: {}", e.toString());
        }
        long now = System.nanoTime();
        if (status.running() && status.generation() != null && now - lastLogged >= LOG_EVERY.toNanos()) {
            lastLogged = now;
            log.info("rebuild {} into generation {}: {} {}/{} events, {} events/s, ETA {} s", status.id(),
                    status.generation(), status.phase(), status.eventsDone(), status.eventsTotal(),
                    status.eventsPerSecond(), status.etaSeconds() == null ? "?" : status.etaSeconds());
        }
        if (!status.running()) {
            log.info("rebuild {} {}: {} events in generation {} ({} events/s, {} skipped){}", status.id(),
                    status.state(), status.eventsDone(), status.generation(), status.eventsPerSecond(),
                    status.skipped(), status.error() == null ? "" : ": " + status.error());
            current = null;
        }
    }

    @PreDestroy
    void stop() {
        reporter.shutdownNow();
        runner.shutdownNow();
        prefetcher.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

package dev.authz.query.rebuild;

import dev.authz.query.consumer.EventParser;
import dev.authz.query.consumer.EventRecord;
import dev.authz.query.consumer.PoisonEventException;
import dev.authz.query.consumer.ProjectionListener;
import dev.authz.query.readmodel.Generation;
import dev.authz.query.readmodel.MongoFailures;
import dev.authz.query.readmodel.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Applies events from the feed to one generation through the live consumer's own path
 * ({@link ProjectionListener#applyInOrder}: the same projection instances, the same sequence guard), in the
 * store's global order within each user pool, with pools on parallel lanes. Not lanes per aggregate, as Kafka
 * partitions are: events of different aggregates depend on each other (a user deleted after a role was
 * assigned to them), and the global order is the order their writers saw; pools share nothing.
 *
 * <p>Failures are handled as the live consumer handles them: MongoDB trouble is retried (here a bounded number
 * of times, then the rebuild fails); an event the projections reject twice is skipped and counted, where the
 * consumer would dead-letter it.
 */
final class Replay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final int TRANSIENT_ATTEMPTS = 10;
    private static final int BATCH = 500;

    private final ReadModel readModel;
    private final Generation target;
    private final ProjectionListener listener;
    private final EventParser parser;
    private final RebuildProgress progress;
    private final int lanes;
    private final ExecutorService workers;

    Replay(ReadModel readModel, Generation target, ProjectionListener listener, EventParser parser,
           RebuildProgress progress, int lanes) {
        this.readModel = readModel;
        this.target = target;
        this.listener = listener;
        this.parser = parser;
        this.progress = progress;
        this.lanes = lanes;
        this.workers = Executors.newFixedThreadPool(lanes, task -> {
            Thread thread = new Thread(task, "rebuild-lane");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Applies one page; returns once every event is applied (or throws the first failure). */
    void apply(List<EventFeedClient.FeedEvent> events) throws InterruptedException {
        List<List<EventRecord>> byLane = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            byLane.add(new ArrayList<>());
        }
        for (EventFeedClient.FeedEvent event : events) {
            try {
                EventRecord record = parser.parse(event.envelope());
                byLane.get(Math.floorMod(record.poolId().hashCode(), lanes)).add(record);
            } catch (PoisonEventException e) {
                log.warn("rebuild skips the unreadable event at position {}: {}", event.position(), e.getMessage());
                progress.skipped();
            }
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<EventRecord> lane : byLane) {
            if (!lane.isEmpty()) {
                running.add(workers.submit(() -> applyInOrder(lane)));
            }
        }
        try {
            for (Future<?> lane : running) {
                lane.get();
            }
        } catch (ExecutionException e) {
            running.forEach(lane -> lane.cancel(true));
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The lane's events in batches of {@value #BATCH}, like the polls of the live consumer (and counted as they
     * go); when one fails, those before it are applied and recorded, it gets the live consumer's treatment
     * alone, and the batch goes on after it.
     */
    private void applyInOrder(List<EventRecord> lane) {
        try (ReadModel.Pin pin = readModel.pin(target)) {
            int from = 0;
            while (from < lane.size()) {
                List<EventRecord> batch = lane.subList(from, Math.min(lane.size(), from + BATCH));
                try {
                    listener.applyInOrder(batch, new ArrayList<>());
                    progress.applied(batch.size());
                    from += batch.size();
                } catch (BatchListenerFailedException e) {
                    progress.applied(e.getIndex());
                    EventRecord failed = batch.get(e.getIndex());
                    applyAlone(failed, e.getCause() instanceof RuntimeException cause ? cause : e);
                    from += e.getIndex() + 1;
                }
            }
        }
    }

    private void applyAlone(EventRecord record, RuntimeException failure) {
        boolean retriedBadData = false;
        for (int attempt = 1; ; attempt++) {
            boolean transientFailure = MongoFailures.isTransient(failure);
            if (transientFailure && attempt >= TRANSIENT_ATTEMPTS) {
                throw failure;
            }
            if (!transientFailure && retriedBadData) {
                log.warn("rebuild skips {} #{} of {} (event {}), as the live consumer would dead-letter it: {}",
                        record.type(), record.sequence(), record.aggregateId(), record.eventId(), failure.toString());
                progress.skipped();
                return;
            }
            retriedBadData |= !transientFailure;
            sleep(transientFailure ? Math.min(5_000, 100L << attempt) : 200);
            try {
                listener.applyInOrder(List.of(record), new ArrayList<>());
                progress.applied(1);
                return;
            } catch (BatchListenerFailedException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        }
    }

    /** Stops the lanes and waits for them, so that nothing writes to the generation once it may be dropped. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("rebuild lanes still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

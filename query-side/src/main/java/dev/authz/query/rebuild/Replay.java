package dev.authz.query.rebuild;

import dev.authz.query.consumer.EventParser;
import dev.authz.query.consumer.EventRecord;
import dev.authz.query.consumer.KafkaConsumerConfig;
import dev.authz.query.consumer.PoisonEventException;
import dev.authz.query.consumer.ProjectionListener;
import dev.authz.query.readmodel.Generation;
import dev.authz.query.readmodel.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies events from the feed to one generation through the live consumer's own path
 * ({@link ProjectionListener#applyOnce}: the same projection instances, the same sequence guard), on parallel
 * lanes keyed by aggregate id: like Kafka partitions, each aggregate's events stay in order on one lane, and
 * different aggregates interleave, which the projections already allow. Failures are handled as the live
 * consumer handles them: MongoDB trouble is retried (here a bounded number of times, then the rebuild fails);
 * an event the projections reject twice is skipped and counted, where the consumer would dead-letter it.
 */
final class Replay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final int TRANSIENT_ATTEMPTS = 10;

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
                byLane.get(Math.floorMod(record.aggregateId().hashCode(), lanes)).add(record);
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

    private void applyInOrder(List<EventRecord> lane) {
        try (ReadModel.Pin pin = readModel.pin(target)) {
            for (EventRecord record : lane) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("rebuild interrupted");
                }
                applyOne(record);
            }
        }
    }

    private void applyOne(EventRecord record) {
        boolean retriedBadData = false;
        for (int attempt = 1; ; attempt++) {
            try {
                listener.applyOnce(record);
                progress.applied();
                return;
            } catch (RuntimeException e) {
                if (KafkaConsumerConfig.isTransient(e) && attempt < TRANSIENT_ATTEMPTS) {
                    sleep(Math.min(5_000, 100L << attempt));
                } else if (KafkaConsumerConfig.isTransient(e)) {
                    throw e;
                } else if (!retriedBadData) {
                    retriedBadData = true;
                    sleep(200);
                } else {
                    log.warn("rebuild skips {} #{} of {} (event {}), as the live consumer would dead-letter it: {}",
                            record.type(), record.sequence(), record.aggregateId(), record.eventId(), e.toString());
                    progress.skipped();
                    return;
                }
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

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

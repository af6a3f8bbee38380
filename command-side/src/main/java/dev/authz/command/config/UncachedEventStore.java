package dev.authz.command.config;

import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An event store whose tracking streams each read the storage engine directly, in batches, and are woken by every
 * local commit. It replaces Axon's {@code EmbeddedEventStore}, whose shared event cache held a whole backlog in
 * memory: when a processor that had fallen behind caught up, the cache's producer thread resumed from where it had
 * stopped and kept every event it read in one pass reachable (AxonFramework issue #2954). A 1,000,000-event load
 * ended that way with the command side out of a 768 MB heap (ADR 0012).
 */
public class UncachedEventStore extends AbstractEventStore {
    /** How often a stream with no local commit to wake it still reads, for events other instances stored. */
    static final Duration FOREIGN_EVENTS_POLL = Duration.ofSeconds(1);

    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private long commits;

    private final EventStorageEngine streamStorageEngine;

    protected UncachedEventStore(Builder builder) {
        super(builder);
        this.streamStorageEngine = builder.streamStorageEngine != null ? builder.streamStorageEngine
                : storageEngine();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new DirectStream(trackingToken);
    }

    /** Runs after the events' transaction committed, so a woken stream finds them in the table. */
    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        commitLock.lock();
        try {
            commits++;
            committed.signalAll();
        } finally {
            commitLock.unlock();
        }
    }

    private long commits() {
        commitLock.lock();
        try {
            return commits;
        } finally {
            commitLock.unlock();
        }
    }

    /** Waits until a commit after {@code seen}, or the time is up (events another instance stored wake nobody). */
    private void awaitCommitAfter(long seen, long nanos) throws InterruptedException {
        commitLock.lock();
        try {
            while (commits == seen && nanos > 0) {
                nanos = committed.awaitNanos(nanos);
            }
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * One processor's position in the store. The storage engine's stream fetches a new batch whenever its buffer is
     * empty, so asking it again after a commit is enough to see new events; at most one batch is held in memory.
     * <p>
     * Each such fetch is a transaction of its own on the publisher's connections, and one that finds nothing costs a
     * second query (Axon's extended gap check). The tracking processor asks several times per batch (to fill it, to
     * close it, to start the next one), so a stream that found nothing reads again only after a local commit, or
     * {@link #FOREIGN_EVENTS_POLL} later for events other instances stored (ADR 0012).
     */
    class DirectStream implements TrackingEventStream {
        private final Stream<? extends TrackedEventMessage<?>> events;
        private final Iterator<? extends TrackedEventMessage<?>> iterator;
        private TrackedEventMessage<?> peeked;
        private long commitsBeforeEmptyRead = -1;
        private long emptyReadAt = System.nanoTime() - FOREIGN_EVENTS_POLL.toNanos();
        private long emptyReads;

        DirectStream(TrackingToken after) {
            this.events = streamStorageEngine.readEvents(after, false);
            this.iterator = events.iterator();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(peeked != null || available(commits()) ? peekNext() : null);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long seen = commits();
                if (available(seen)) {
                    return true;
                }
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    return false;
                }
                long untilPoll = emptyReadAt + FOREIGN_EVENTS_POLL.toNanos() - now;
                awaitCommitAfter(seen, Math.min(left, Math.max(untilPoll, 0)));
            }
        }

        /**
         * Whether an event is buffered or the store has one. After a read that found nothing (with {@code seen}
         * commits counted before it), reading again finds something only if an event was stored since.
         */
        private boolean available(long seen) {
            if (peeked != null) {
                return true;
            }
            boolean worthReading = seen != commitsBeforeEmptyRead
                    || System.nanoTime() - emptyReadAt >= FOREIGN_EVENTS_POLL.toNanos();
            if (!worthReading) {
                return false;
            }
            if (iterator.hasNext()) {
                return true;
            }
            emptyReads++;
            commitsBeforeEmptyRead = seen;
            emptyReadAt = System.nanoTime();
            return false;
        }

        /** Reads of the store that found nothing, for the test that no read is made without a commit. */
        long emptyReads() {
            return emptyReads;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
                Thread.onSpinWait();
            }
            TrackedEventMessage<?> next = peekNext();
            peeked = null;
            return next;
        }

        private TrackedEventMessage<?> peekNext() {
            if (peeked == null) {
                peeked = iterator.next();
            }
            return peeked;
        }

        @Override
        public void close() {
            events.close();
        }
    }

    public static class Builder extends AbstractEventStore.Builder {
        private EventStorageEngine streamStorageEngine;

        @Override
        public Builder storageEngine(EventStorageEngine storageEngine) {
            super.storageEngine(storageEngine);
            return this;
        }

        /**
         * The engine tracking streams read from (default: the storage engine): the same store, reached through
         * other connections.
         */
        public Builder streamStorageEngine(EventStorageEngine streamStorageEngine) {
            this.streamStorageEngine = streamStorageEngine;
            return this;
        }


        @Override
        public Builder messageMonitor(MessageMonitor<? super EventMessage<?>> messageMonitor) {
            super.messageMonitor(messageMonitor);
            return this;
        }

        @Override
        public Builder spanFactory(EventBusSpanFactory spanFactory) {
            super.spanFactory(spanFactory);
            return this;
        }

        public UncachedEventStore build() {
            validate();
            return new UncachedEventStore(this);
        }
    }
}

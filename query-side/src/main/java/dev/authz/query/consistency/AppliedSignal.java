package dev.authz.query.consistency;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes waiters, each woken only by the events it waits for. The projection listener reports what it
 * applied once the sequences are recorded in MongoDB, so a waiter whose every position has been reported can answer
 * without reading anything. It used to wake every waiter on every applied event, and each re-read MongoDB: with 8
 * writers waiting that was about 20 reads per write, and writes that wait ran at a third of the rate of those that
 * do not (2026-12-06, create-group bench).
 *
 * <p>Events applied by another instance (which owns the aggregate's partition) are not reported here; waiters
 * still re-read MongoDB now and then for those ({@link AppliedController}).
 */
@Component
public class AppliedSignal {
    private final Map<String, Set<Waiter>> waitersByAggregate = new ConcurrentHashMap<>();

    /** Called by the listener after these sequences were recorded as applied. */
    public void applied(Collection<AggregateVersions.Applied> applied) {
        for (AggregateVersions.Applied event : applied) {
            Set<Waiter> waiters = waitersByAggregate.get(event.aggregateId());
            if (waiters != null) {
                waiters.forEach(waiter -> waiter.reached(event.aggregateId(), event.sequence()));
            }
        }
    }

    /** Starts waiting for these positions (aggregate id → sequence); close the waiter when done. */
    public Waiter register(Map<String, Long> positions) {
        Waiter waiter = new Waiter(positions);
        positions.keySet().forEach(aggregateId -> waitersByAggregate.compute(aggregateId, (id, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            set.add(waiter);
            return set;
        }));
        return waiter;
    }

    /** Aggregates someone is waiting for (for tests: a closed waiter leaves nothing behind). */
    public int waitedAggregates() {
        return waitersByAggregate.size();
    }

    public final class Waiter implements AutoCloseable {
        private final Set<String> aggregateIds;
        private final Map<String, Long> missing;
        private final CountDownLatch allReached = new CountDownLatch(1);

        private Waiter(Map<String, Long> positions) {
            this.aggregateIds = Set.copyOf(positions.keySet());
            this.missing = new ConcurrentHashMap<>(positions);
            if (missing.isEmpty()) {
                allReached.countDown();
            }
        }

        private void reached(String aggregateId, long sequence) {
            missing.computeIfPresent(aggregateId, (id, wanted) -> sequence >= wanted ? null : wanted);
            if (missing.isEmpty()) {
                allReached.countDown();
            }
        }

        /** True once every position was reported applied; waits at most {@code millis} for that. */
        public boolean await(long millis) throws InterruptedException {
            return allReached.await(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            for (String aggregateId : aggregateIds) {
                waitersByAggregate.computeIfPresent(aggregateId, (id, waiters) -> {
                    waiters.remove(this);
                    return waiters.isEmpty() ? null : waiters;
                });
            }
        }
    }
}

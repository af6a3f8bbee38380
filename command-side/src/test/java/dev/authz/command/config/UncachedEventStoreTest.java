package dev.authz.command.config;

import dev.authz.command.CommandSideTestBase;
import dev.authz.api.event.GroupUpdated;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracking streams the Kafka publisher reads: every stored event, once, in order, also those stored later, and
 * no read of the store without a reason to expect something new.
 */
class UncachedEventStoreTest extends CommandSideTestBase {
    private static final String WAIT_HEADER = "x-authz-wait";

    @Autowired
    EventStore eventStore;
    @Autowired
    EventStorageEngine storage;
    @Autowired
    TransactionManager transactions;

    @Test
    void isTheStoreAxonUses() {
        assertThat(eventStore).isInstanceOf(UncachedEventStore.class);
    }

    @Test
    void aWaitingStreamIsWokenByTheNextCommit() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createHeadToken())) {
            drain(stream);
            String code = unique("wake");
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CompletableFuture<Boolean> available = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                try {
                    return stream.hasNextAvailable(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitBlocked(waiter);
            createGroup(code);

            // Well before the waiter's own 120 s deadline: only the commit's signal can end its wait in time.
            assertThat(available.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload().toString()).contains(code);
        }
    }

    @Test
    void aStreamBehindByMoreThanOneBatchReadsEveryEventOnceInOrder() throws Exception {
        TrackingToken start = eventStore.createHeadToken();
        int groups = 150;
        for (int i = 0; i < groups; i++) {
            createGroup(unique("batch"));
        }
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            List<TrackedEventMessage<?>> read = drain(stream);
            List<String> ids = read.stream().map(TrackedEventMessage::getIdentifier).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(read.stream().filter(e -> e.getPayload().toString().contains("batch")).count())
                    .isGreaterThanOrEqualTo(groups);
            for (int i = 1; i < read.size(); i++) {
                assertThat(read.get(i).trackingToken().covers(read.get(i - 1).trackingToken())).isTrue();
            }
        }
    }

    @Test
    void aStreamThatFoundNothingReadsTheStoreAgainOnlyAfterACommit() throws Exception {
        try (UncachedEventStore.DirectStream stream =
                     (UncachedEventStore.DirectStream) eventStore.openStream(eventStore.createHeadToken())) {
            drain(stream);
            long emptyReads = stream.emptyReads();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                assertThat(stream.hasNextAvailable()).isFalse();
            }
            assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
            // Normally none; a stalled machine may pass the time of a poll for other instances' events meanwhile.
            long polls = Duration.ofNanos(System.nanoTime() - start).dividedBy(UncachedEventStore.FOREIGN_EVENTS_POLL)
                    + 1;
            assertThat(stream.emptyReads() - emptyReads).as("reads that found nothing, no commit in between")
                    .isLessThanOrEqualTo(polls);

            String code = unique("after");
            createGroup(code);
            assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload().toString()).contains(code);
        }
    }

    /** Another command-side instance's commit wakes nobody here: the stream still finds its events by polling. */
    @Test
    void eventsStoredWithoutALocalCommitAreReadOnTheNextPoll() throws Exception {
        String code = unique("foreign");
        String groupId = createGroup(code);
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createHeadToken())) {
            drain(stream);
            transactions.executeInTransaction(() -> storage.appendEvents(new GenericDomainEventMessage<>(
                    "GroupAggregate", groupId, 1, new GroupUpdated("pool-a", groupId, code, code, "foreign", "",
                    Map.of()))));

            long poll = UncachedEventStore.FOREIGN_EVENTS_POLL.toMillis();
            long start = System.nanoTime();
            assertThat(stream.hasNextAvailable((int) (10 * poll), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isInstanceOf(GroupUpdated.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("found by the next poll, not at the deadline")
                    .isLessThan(Duration.ofMillis(5 * poll));
        }
    }

    /** Creates a group without waiting for the read model (there is none here); returns its id. */
    private String createGroup(String code) {
        var response = poolA.withHeader(WAIT_HEADER, "false")
                .post("/api/v3/create-group", Map.of("code", code, "name", "n"));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.data().path("id").asText();
    }

    private static void awaitBlocked(AtomicReference<Thread> waiter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.get() == null || waiter.get().getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the stream waits for a commit").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<TrackedEventMessage<?>> drain(BlockingStream<TrackedEventMessage<?>> stream)
            throws InterruptedException {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        while (stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
            read.add(stream.nextAvailable());
        }
        return read;
    }
}

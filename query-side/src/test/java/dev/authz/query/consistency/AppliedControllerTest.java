package dev.authz.query.consistency;

import dev.authz.api.error.ApiException;
import dev.authz.query.consumer.HeldPartitions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wait loop alone; AggregateVersions stands in for MongoDB (DeliveryTest runs it against the wire server). */
class AppliedControllerTest {
    private static final String TOPIC = "events";
    private static final Duration GUARD = Duration.ofMillis(250);
    private final AtomicBoolean inMongo = new AtomicBoolean();
    private final AtomicInteger reads = new AtomicInteger();
    private final AggregateVersions versions = new AggregateVersions(null) {
        @Override
        public boolean allApplied(Map<String, Long> positions) {
            reads.incrementAndGet();
            return inMongo.get();
        }
    };
    private final AppliedSignal signal = new AppliedSignal();
    private final HeldPartitions partitions = new HeldPartitions(TOPIC);
    private final AtomicBoolean othersAnnounce = new AtomicBoolean();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AppliedAnnouncements announcements = new AppliedAnnouncements(TOPIC, false, Duration.ofSeconds(5),
            null, signal, registry) {
        @Override
        public boolean reachesThisInstance() {
            return othersAnnounce.get();
        }
    };
    private final AppliedController controller = new AppliedController(versions, signal, partitions, announcements,
            GUARD, registry);

    @Test
    void answersWhenThisInstanceAppliesTheEventWithoutReadingAgain() throws Exception {
        Thread listener = afterMillis(100, () -> signal.applied(List.of(applied("g1", 3))));
        assertThat(controller.applied("g1:3", 10_000).applied()).isTrue();
        listener.join();
        // reads 10, 20, 40, 50 ms apart until woken: a handful, where re-reading on every applied event and every
        // 10 ms made 10 and more in 100 ms
        assertThat(reads.get()).isBetween(1, 6);
        assertThat(signal.waitedAggregates()).isZero();
    }

    @Test
    void findsWhatAnotherInstanceAppliedByReadingMongoDb() throws Exception {
        Thread otherInstance = afterMillis(150, () -> inMongo.set(true));
        assertThat(controller.applied("g1:3", 10_000).applied()).isTrue();
        otherInstance.join();
        assertThat(reads.get()).isGreaterThan(1);
    }

    @Test
    void answersFalseWhenTheTimeoutPasses() throws Exception {
        long started = System.nanoTime();
        assertThat(controller.applied("g1:3", 200).applied()).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(190L);
        assertThat(reads.get()).as("200 ms, reads at least 10 ms apart").isBetween(2, 9);
        assertThat(answers("timeout")).isEqualTo(1);
        assertThat(signal.waitedAggregates()).isZero();
    }

    @Test
    void whileThisInstanceHoldsEveryPartitionTheSignalAloneWakesTheWaiter() throws Exception {
        holdAllOf(2);
        Thread listener = afterMillis(200, () -> signal.applied(List.of(applied("g1", 3))));
        assertThat(controller.applied("g1:3", 10_000).applied()).isTrue();
        listener.join();
        assertThat(reads.get()).as("no other instance applies anything: one read, then the signal").isEqualTo(1);
    }

    @Test
    void whileThisInstanceHoldsEveryPartitionAMissedSignalCostsAtMostTheGuardInterval() throws Exception {
        holdAllOf(2);
        inMongo.set(true);
        signal.applied(List.of()); // nothing reported: as if the wake-up was lost in a rebalance
        assertThat(controller.applied("g1:3", 10_000).applied()).isTrue();
        assertThat(reads.get()).isEqualTo(1);

        inMongo.set(false);
        long started = System.nanoTime();
        Thread unreported = afterMillis(50, () -> inMongo.set(true));
        assertThat(controller.applied("g1:4", 10_000).applied()).isTrue();
        unreported.join();
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(GUARD.toMillis() - 10, 5_000L);
        assertThat(answers("read")).isEqualTo(2);
    }

    @Test
    void whileTheOtherInstancesAnnounceWhatTheyApplyTheSignalAloneWakesTheWaiter() throws Exception {
        othersAnnounce.set(true);
        Thread otherInstance = afterMillis(200, () -> {
            inMongo.set(true);
            signal.applied(List.of(applied("g1", 3))); // what AppliedAnnouncements does with an announcement
        });
        assertThat(controller.applied("g1:3", 10_000).applied()).isTrue();
        otherInstance.join();
        assertThat(reads.get()).as("one read, then the announcement").isEqualTo(1);
        assertThat(answers("signal")).isEqualTo(1);
    }

    @Test
    void positionsReadAsTheyAreWrittenAndBadOnesAreRefusedBeforeAnyRead() {
        String written = Positions.format(List.of(applied("g1", 3), applied("u:2", 0), applied("g1", 5)));
        assertThat(Positions.parse(written)).containsExactly(Map.entry("g1", 5L), Map.entry("u:2", 0L));
        assertThatThrownBy(() -> controller.applied("g1", 100)).isInstanceOf(ApiException.class)
                .hasMessageContaining("positions");
        assertThatThrownBy(() -> controller.applied("g1:x", 100)).isInstanceOf(ApiException.class)
                .hasMessageContaining("positions");
        String tooMany = String.join(",", IntStream.rangeClosed(0, AppliedController.MAX_AGGREGATES)
                .mapToObj(i -> "g" + i + ":0").toList());
        assertThatThrownBy(() -> controller.applied(tooMany, 100)).isInstanceOf(ApiException.class)
                .hasMessageContaining("positions");
        assertThat(reads.get()).isZero();
        assertThat(signal.waitedAggregates()).isZero();
    }

    private double answers(String how) {
        return registry.counter("authz.applied.waits", "answered", how).count();
    }

    private void holdAllOf(int count) {
        MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        List<TopicPartition> all = IntStream.range(0, count).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
        consumer.updatePartitions(TOPIC, all.stream()
                .map(p -> new PartitionInfo(TOPIC, p.partition(), null, null, null)).toList());
        partitions.onPartitionsAssigned(consumer, all);
        assertThat(partitions.all()).isTrue();
    }

    private static AggregateVersions.Applied applied(String aggregateId, long sequence) {
        return new AggregateVersions.Applied(aggregateId, "pool", sequence);
    }

    /** Runs {@code step} on a thread of its own after {@code millis}; join the thread returned. */
    private static Thread afterMillis(long millis, Runnable step) {
        Thread thread = new Thread(() -> {
            sleep(millis);
            step.run();
        });
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

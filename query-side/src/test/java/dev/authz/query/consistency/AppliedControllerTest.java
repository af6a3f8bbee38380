package dev.authz.query.consistency;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The wait loop alone; AggregateVersions stands in for MongoDB (DeliveryTest runs it against the wire server). */
class AppliedControllerTest {
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
    private final AppliedController controller = new AppliedController(versions, signal);

    @Test
    void answersWhenThisInstanceAppliesTheEventWithoutReadingAgain() throws Exception {
        Thread listener = new Thread(() -> {
            sleep(100);
            signal.applied(List.of(new AggregateVersions.Applied("g1", "pool", 3)));
        });
        listener.start();
        assertThat(controller.applied("g1:3", 10_000).applied()).isTrue();
        listener.join();
        // reads 10, 20, 40, 50 ms apart until woken: a handful, where re-reading on every applied event and every
        // 10 ms made 10 and more in 100 ms
        assertThat(reads.get()).isBetween(1, 6);
        assertThat(signal.waitedAggregates()).isZero();
    }

    @Test
    void findsWhatAnotherInstanceAppliedByReadingMongoDb() throws Exception {
        Thread otherInstance = new Thread(() -> {
            sleep(150);
            inMongo.set(true);
        });
        otherInstance.start();
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
        assertThat(signal.waitedAggregates()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

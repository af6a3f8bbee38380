package dev.authz.query.consistency;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedSignalTest {
    private final AppliedSignal signal = new AppliedSignal();

    private static AggregateVersions.Applied applied(String aggregateId, long sequence) {
        return new AggregateVersions.Applied(aggregateId, "pool", sequence);
    }

    @Test
    void aWaiterIsDoneOnlyOnceEveryAggregateReachedItsSequence() throws InterruptedException {
        try (AppliedSignal.Waiter waiter = signal.register(Map.of("a", 2L, "b", 0L))) {
            signal.applied(List.of(applied("a", 1), applied("b", 0), applied("c", 9)));
            assertThat(waiter.await(0)).as("a is at 1 of 2").isFalse();
            signal.applied(List.of(applied("a", 2)));
            assertThat(waiter.await(0)).isTrue();
        }
    }

    @Test
    void aLaterSequenceCountsAsReached() throws InterruptedException {
        try (AppliedSignal.Waiter waiter = signal.register(Map.of("a", 2L))) {
            signal.applied(List.of(applied("a", 5)));
            assertThat(waiter.await(0)).isTrue();
        }
    }

    @Test
    void waitersOfOtherAggregatesAreNotWoken() throws InterruptedException {
        try (AppliedSignal.Waiter waiter = signal.register(Map.of("a", 0L))) {
            signal.applied(List.of(applied("b", 0)));
            assertThat(waiter.await(30)).isFalse();
        }
    }

    @Test
    void aWaiterWokenFromAnotherThreadReturnsBeforeItsTimeout() throws InterruptedException {
        try (AppliedSignal.Waiter waiter = signal.register(Map.of("a", 0L))) {
            Thread applier = new Thread(() -> signal.applied(List.of(applied("a", 0))));
            long started = System.nanoTime();
            applier.start();
            assertThat(waiter.await(10_000)).isTrue();
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(9_000);
            applier.join();
        }
    }

    @Test
    void closedWaitersLeaveNothingBehind() {
        AppliedSignal.Waiter first = signal.register(Map.of("a", 0L, "b", 1L));
        AppliedSignal.Waiter second = signal.register(Map.of("a", 3L));
        first.close();
        assertThat(signal.waitedAggregates()).isEqualTo(1);
        second.close();
        assertThat(signal.waitedAggregates()).isZero();
    }
}

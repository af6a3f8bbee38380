package dev.authz.query.consumer;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Assignments as the consumers of one instance report them, a consumer (thread) at a time. */
class HeldPartitionsTest {
    private static final String TOPIC = "events";
    private final HeldPartitions held = new HeldPartitions(TOPIC);
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);

    HeldPartitionsTest() {
        consumer.updatePartitions(TOPIC, IntStream.range(0, 4)
                .mapToObj(p -> new PartitionInfo(TOPIC, p, null, null, null)).toList());
    }

    @Test
    void allOnlyOnceTheConsumersTogetherHoldEveryPartition() {
        assertThat(held.all()).as("before any assignment").isFalse();
        held.onPartitionsAssigned(consumer, List.of(partition(0), partition(1)));
        assertThat(held.all()).isFalse();
        held.onPartitionsAssigned(consumer, List.of(partition(2), partition(3), new TopicPartition("other", 4)));
        assertThat(held.all()).isTrue();
    }

    @Test
    void aRevokedOrLostPartitionMeansAnotherInstanceMayApplyItsEvents() {
        held.onPartitionsAssigned(consumer, List.of(partition(0), partition(1), partition(2), partition(3)));
        held.onPartitionsRevoked(List.of(partition(1)));
        assertThat(held.all()).isFalse();
        held.onPartitionsAssigned(consumer, List.of(partition(1)));
        assertThat(held.all()).isTrue();
        held.onPartitionsLost(List.of(partition(3)));
        assertThat(held.all()).isFalse();
    }

    private static TopicPartition partition(int number) {
        return new TopicPartition(TOPIC, number);
    }
}

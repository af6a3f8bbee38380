package dev.authz.query.consumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions of the events topic this instance's consumers hold (Boot's listener container factory registers
 * this listener with every consumer). While they hold all of them, every event is applied here: read-your-writes
 * waiters are woken by this instance's listener and need not re-read MongoDB for events another instance applies.
 */
@Component
public class HeldPartitions implements ConsumerAwareRebalanceListener {
    private final String topic;
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();
    private volatile int partitionsOfTopic;

    public HeldPartitions(@Value("${authz.events-topic}") String topic) {
        this.topic = topic;
    }

    /** Whether this instance holds every partition of the events topic. */
    public boolean all() {
        return partitionsOfTopic > 0 && held.size() == partitionsOfTopic;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<PartitionInfo> topicPartitions = consumer.partitionsFor(topic);
        partitionsOfTopic = topicPartitions == null ? 0 : topicPartitions.size();
        partitions.stream().filter(this::ofTopic).forEach(partition -> held.add(partition.partition()));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        release(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        release(partitions);
    }

    private void release(Collection<TopicPartition> partitions) {
        partitions.stream().filter(this::ofTopic).forEach(partition -> held.remove(partition.partition()));
    }

    private boolean ofTopic(TopicPartition partition) {
        return topic.equals(partition.topic());
    }
}

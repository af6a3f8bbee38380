package dev.authz.query.rebuild;

import dev.authz.query.consumer.ProjectionListener;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.util.CollectionUtils;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The projection's Kafka consumer, as the rebuild's switch needs it: paused while the new generation catches up. */
@Component
public class LiveConsumer {
    private final KafkaListenerEndpointRegistry registry;
    private final KafkaAdmin admin;
    private final String groupId;

    public LiveConsumer(KafkaListenerEndpointRegistry registry, KafkaAdmin admin,
                        @Value("${authz.consumer-group}") String groupId) {
        this.registry = registry;
        this.admin = admin;
        this.groupId = groupId;
    }

    /** Resumes what {@link #pause} paused. */
    @FunctionalInterface
    public interface Paused {
        void resume();
    }

    /**
     * Only this instance's consumer can be paused: if another instance holds partitions of the group, it would
     * keep writing to the old generation during the switch, and the new one would miss those events.
     */
    void requireSoleConsumer() {
        Collection<TopicPartition> assigned = container() == null ? null : container().getAssignedPartitions();
        Set<String> mine = new TreeSet<>();
        if (assigned != null) {
            assigned.forEach(partition -> mine.add(partition.toString()));
        }
        Set<String> others = new TreeSet<>();
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            ConsumerGroupDescription group = client.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(10, TimeUnit.SECONDS);
            group.members().forEach(member -> member.assignment().topicPartitions().forEach(partition -> {
                if (!mine.contains(partition.toString())) {
                    others.add(partition.toString());
                }
            }));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not describe consumer group " + groupId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (!others.isEmpty()) {
            throw new RebuildRefusedException("other query-side instances consume partitions " + others + " of "
                    + groupId + ": a rebuild can only pause this instance's consumer; scale the query side to one "
                    + "instance for the rebuild (docs/adr/0008-read-model-rebuild.md)");
        }
    }

    /**
     * Pauses the consumer and returns once it has really stopped (the record in hand and the rest of its poll
     * are applied first), so nothing writes to the serving generation any more.
     */
    Paused pause(Duration timeout) throws InterruptedException {
        MessageListenerContainer container = container();
        if (container == null || !container.isRunning()) {
            return () -> { };
        }
        container.pause();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!consumptionPaused(container)) {
            if (System.nanoTime() > deadline) {
                container.resume();
                throw new IllegalStateException("the live consumer did not pause within " + timeout);
            }
            Thread.sleep(10);
        }
        return container::resume;
    }

    /**
     * Whether every consumer thread that holds partitions has stopped after a pause request. Spring Kafka's
     * {@code isContainerPaused()} also waits for threads that were given no partition, and those never report
     * paused (spring-kafka #3650): with one thread per partition (AUTHZ_CONSUMER_CONCURRENCY) and fewer partitions
     * than threads, as in a smaller topic or beside other instances, it would never be true. A thread given
     * partitions later pauses them on assignment, since its pause is requested.
     */
    public static boolean consumptionPaused(MessageListenerContainer container) {
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> threads) {
            return threads.isPauseRequested() && threads.getContainers().stream().allMatch(thread ->
                    thread.isContainerPaused() || CollectionUtils.isEmpty(thread.getAssignedPartitions()));
        }
        return container.isContainerPaused();
    }

    private MessageListenerContainer container() {
        return registry.getListenerContainer(ProjectionListener.CONTAINER_ID);
    }
}

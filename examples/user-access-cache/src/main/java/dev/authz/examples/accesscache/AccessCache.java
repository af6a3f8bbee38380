package dev.authz.examples.accesscache;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Follows the event topic into an {@link AccessIndex}. It reads every partition itself (each instance keeps a full
 * copy of the index, so there is no consumer group and nothing is committed to Kafka): on start it seeks each
 * partition to the offset saved with the index, applies a polled batch in memory, then saves index and offsets in
 * one atomic write before polling again.
 */
final class AccessCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessCache.class);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final String topic;
    private final CheckpointStore store;
    private final KafkaConsumer<String, String> consumer;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Checkpoint checkpoint;
    private volatile boolean running;
    private volatile String failure;
    private Thread thread;
    private long partitionsCheckedAt;

    AccessCache(String bootstrapServers, String topic, CheckpointStore store) {
        this.topic = topic;
        this.store = store;
        this.checkpoint = store.load(topic);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // The command side creates the topic with its partition count; never let a consumer create it.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, "user-access-cache"),
                new StringDeserializer(), new StringDeserializer());
        log.info("loaded {} events applied, offsets {}", checkpoint.eventsApplied, checkpoint.nextOffsets);
    }

    /** Follows the topic on a thread of its own until {@link #close()} or a record it cannot read. */
    AccessCache start() {
        running = true;
        thread = new Thread(() -> {
            try {
                while (running) {
                    pollOnce(Duration.ofMillis(500));
                }
            } catch (WakeupException e) {
                // close() while polling
            } catch (RuntimeException e) {
                failure = e.getMessage();
                log.error("stopped following {}: the index stays as of the last saved batch", topic, e);
            }
        }, "user-access-cache");
        thread.start();
        return this;
    }

    /** Polls once; applies and saves what came. Returns the number of records consumed. */
    int pollOnce(Duration timeout) {
        assignPartitions();
        if (consumer.assignment().isEmpty()) {
            sleep(timeout);
            return 0;
        }
        ConsumerRecords<String, String> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return 0;
        }
        lock.writeLock().lock();
        try {
            for (ConsumerRecord<String, String> record : records) {
                Checkpoint.Outcome outcome = checkpoint.apply(record);
                if (outcome != Checkpoint.Outcome.APPLIED) {
                    log.info("skipped {} record at partition {} offset {}", outcome, record.partition(), record.offset());
                }
            }
            store.save(checkpoint);
        } catch (RuntimeException e) {
            // Serve the last saved state, never half a batch; the next start resumes from it.
            checkpoint = store.load(topic);
            throw e;
        } finally {
            lock.writeLock().unlock();
        }
        return records.count();
    }

    /** Every partition of the topic, each at the offset saved with the index (the first one if none). */
    private void assignPartitions() {
        long now = System.currentTimeMillis();
        if (!consumer.assignment().isEmpty() && now - partitionsCheckedAt < PARTITION_REFRESH.toMillis()) {
            return;
        }
        partitionsCheckedAt = now;
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        List<TopicPartition> partitions = infos == null ? List.of()
                : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.size() == consumer.assignment().size()) {
            return;
        }
        consumer.assign(partitions);
        lock.readLock().lock();
        try {
            for (TopicPartition partition : partitions) {
                Long next = checkpoint.nextOffsets.get(partition.partition());
                if (next == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, next);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        log.info("following {} partitions of {}", partitions.size(), topic);
    }

    /** Reads the state consistently (never in the middle of a batch). */
    <T> T read(Function<Checkpoint, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(checkpoint);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Null while following the topic; why it stopped otherwise. */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

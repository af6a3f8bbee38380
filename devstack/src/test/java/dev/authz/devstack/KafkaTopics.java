package dev.authz.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** The system's Kafka topics as an outside client sees them. */
final class KafkaTopics {
    /** The query side's consumer group. */
    static final String CONSUMER_GROUP = "authz-query-side";

    private KafkaTopics() {
    }

    /** Admin, producer and consumer settings (a consumer group of its own, from the earliest offset, no commits). */
    static Properties properties(LocalSystem system) {
        Properties props = new Properties();
        props.put("bootstrap.servers", system.kafka().bootstrapServers());
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("group.id", "e2e-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        return props;
    }

    /** Waits until the query side's committed offsets reach the end of every partition of the event topic. */
    static void awaitConsumedToTheEnd(LocalSystem system, Duration timeout) throws Exception {
        String topic = system.eventsTopic();
        try (Admin admin = Admin.create(properties(system))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> behind = Map.of();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(CONSUMER_GROUP)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> lag = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                    OffsetAndMetadata at = committed.get(partition);
                    long missing = end.offset() - (at == null ? 0 : at.offset());
                    if (missing > 0) {
                        lag.put(partition, missing);
                    }
                });
                behind = lag;
                if (behind.isEmpty()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the query side did not consume " + topic + " to its end: records behind " + behind);
        }
    }

    /** How many records the dead-letter topic holds (0 when it does not exist). */
    static long deadLetters(LocalSystem system) throws Exception {
        String topic = system.eventsTopic() + ".DLT";
        try (Admin admin = Admin.create(properties(system))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}

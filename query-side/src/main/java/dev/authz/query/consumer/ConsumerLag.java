package dev.authz.query.consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code authz_consumer_lag_records{partition}}: records of the event topic the projection's consumer group has not
 * committed yet (end offset minus committed offset), per partition. Computed from the broker, not from the
 * consumer's own metrics, so a stuck or paused consumer shows a growing lag instead of a stale one. The group's lag,
 * so every query-side instance reports the same values: aggregate with {@code max by (partition)}.
 * Refreshed every {@code authz.metrics.consumer-lag-interval} (15 s); NaN while the broker cannot be asked.
 */
@Component
public class ConsumerLag {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final MeterRegistry registry;
    private final String topic;
    private final String group;
    private final Map<Integer, Double> lagByPartition = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "consumer-lag");
        thread.setDaemon(true);
        return thread;
    });

    public ConsumerLag(KafkaAdmin kafkaAdmin, MeterRegistry registry, @Value("${authz.events-topic}") String topic,
                       @Value("${authz.consumer-group}") String group,
                       @Value("${authz.metrics.consumer-lag-interval:15s}") Duration interval) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.registry = registry;
        this.topic = topic;
        this.group = group;
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last known lag per partition. */
    public Map<Integer, Double> byPartition() {
        return Map.copyOf(lagByPartition);
    }

    void refresh() {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
            // Where a partition never committed, the consumer starts at the earliest record still kept.
            Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                long from = done != null ? done.offset() : starts.get(partition).offset();
                update(partition.partition(), Math.max(0, ends.get(partition).offset() - from));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("consumer lag unknown: {}", e.toString());
            lagByPartition.replaceAll((partition, lag) -> Double.NaN);
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void update(int partition, long lag) {
        if (lagByPartition.put(partition, (double) lag) == null) {
            Gauge.builder("authz.consumer.lag", lagByPartition, lags -> lags.getOrDefault(partition, Double.NaN))
                    .baseUnit("records").tag("partition", String.valueOf(partition))
                    .description("Records of the event topic the projection's consumer group has not committed")
                    .register(registry);
        }
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}

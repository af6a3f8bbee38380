package dev.authz.command.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The public event topic, created at startup when missing. Its retention defaults to forever: a downstream consumer
 * builds its state by reading the stream from the beginning (docs/event-stream.md). An existing topic keeps its
 * settings.
 */
@Configuration
public class KafkaTopicConfiguration {
    @Bean
    public NewTopic eventsTopic(@Value("${authz.events-topic}") String topic,
                                @Value("${authz.events-partitions:6}") int partitions,
                                @Value("${authz.events-replication:1}") short replication,
                                @Value("${authz.events-retention-ms:-1}") long retentionMs) {
        return TopicBuilder.name(topic).partitions(partitions).replicas(replication)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs)).build();
    }
}

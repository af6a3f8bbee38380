package dev.authz.command.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The public event topic, created at startup when missing. */
@Configuration
public class KafkaTopicConfiguration {
    @Bean
    public NewTopic eventsTopic(@Value("${authz.events-topic}") String topic,
                                @Value("${authz.events-partitions:6}") int partitions,
                                @Value("${authz.events-replication:1}") short replication) {
        return TopicBuilder.name(topic).partitions(partitions).replicas(replication).build();
    }
}

package dev.authz.query.consumer;

import dev.authz.query.consistency.AppliedAnnouncements;
import dev.authz.query.readmodel.MongoFailures;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Duration;

/**
 * What happens when a record fails: MongoDB being unreachable is waited out (retried forever with backoff,
 * the partition simply pauses); anything else is bad data, tried twice and then published to
 * {@code <topic>.DLT} with the error in its headers, so the partition keeps moving.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConsumerConfig {
    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfig.class);

    @Bean
    public NewTopic deadLetterTopic(@Value("${authz.events-topic}") String topic) {
        return TopicBuilder.name(topic + ".DLT").build();
    }

    /** Where query-side instances tell each other what they applied (AppliedAnnouncements); read from its end. */
    @Bean
    public NewTopic appliedTopic(@Value("${authz.events-topic}") String topic) {
        return TopicBuilder.name(AppliedAnnouncements.topicFor(topic)).partitions(1)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofMinutes(10).toMillis())).build();
    }

    @Bean
    public DefaultErrorHandler projectionErrorHandler(KafkaTemplate<Object, Object> template,
                                                      ProjectionMetrics metrics, EventParser parser) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, error) -> new TopicPartition(record.topic() + ".DLT", -1));
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> {
            log.warn("dead-lettering {}-{}@{} (requestId {}): {}", record.topic(), record.partition(),
                    record.offset(), requestIdOf(record, parser), rootMessage(error));
            deadLetters.accept(record, error);
            metrics.deadLettered();
        }, new FixedBackOff(200, 1));
        ExponentialBackOff waitForMongo = new ExponentialBackOff(100, 2.0);
        waitForMongo.setMaxInterval(10_000);
        handler.setBackOffFunction((record, error) -> MongoFailures.isTransient(error) ? waitForMongo : null);
        handler.addNotRetryableExceptions(PoisonEventException.class);
        // MANUAL_IMMEDIATE: the offset of a dead-lettered record must be committed by the handler itself.
        handler.setCommitRecovered(true);
        return handler;
    }

    /**
     * Reported by /actuator/health: the projection is only healthy while its listener runs and once its consumer
     * has joined the group (before that, a write would wait for a consumer that is not reading yet).
     */
    @Bean
    public HealthIndicator projection(KafkaListenerEndpointRegistry registry, ProjectionListener listener) {
        return () -> {
            MessageListenerContainer container = registry.getListenerContainer(ProjectionListener.CONTAINER_ID);
            boolean running = container != null && container.isRunning();
            return (running && listener.joined() ? Health.up() : Health.down())
                    .withDetail("container", ProjectionListener.CONTAINER_ID)
                    .withDetail("running", running)
                    .withDetail("joinedGroup", listener.joined())
                    .build();
        };
    }

    private static String requestIdOf(ConsumerRecord<?, ?> record, EventParser parser) {
        return record.value() instanceof String value ? parser.requestIdOf(value) : "-";
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

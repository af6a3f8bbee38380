package dev.authz.command.publishing;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while the Kafka publisher cannot publish (it is in its retry loop after a failed send, or stopped):
 * writes are still stored, but nobody downstream sees them until it recovers.
 */
@Component("kafkaPublisher")
public class PublisherHealthIndicator implements HealthIndicator {
    private final EventProcessingConfiguration processing;

    public PublisherHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        return processing.eventProcessor(KafkaEventPublisher.PROCESSOR, TrackingEventProcessor.class)
                .map(processor -> {
                    Health.Builder health = processor.isRunning() && !processor.isError() ? Health.up() : Health.down();
                    return health.withDetail("running", processor.isRunning())
                            .withDetail("error", processor.isError())
                            .withDetail("activeSegments", processor.processingStatus().size()).build();
                })
                .orElseGet(() -> Health.down().withDetail("reason", "processor not configured").build());
    }
}

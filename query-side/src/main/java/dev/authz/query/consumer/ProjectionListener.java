package dev.authz.query.consumer;

import dev.authz.query.consistency.AggregateVersions;
import dev.authz.query.consistency.AppliedSignal;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Applies each record of the event topic to the read model, then acknowledges it. At-least-once delivery is
 * made exactly-once in effect by the per-aggregate sequence guard plus projections that are idempotent write
 * by write (a crash may land between a projection write and the sequence write).
 */
@Component
public class ProjectionListener {
    public static final String CONTAINER_ID = "projection";
    private static final Logger log = LoggerFactory.getLogger(ProjectionListener.class);

    private final EventParser parser;
    private final AggregateVersions versions;
    private final List<Projection> projections;
    private final ProjectionMetrics metrics;
    private final AppliedSignal signal;

    public ProjectionListener(EventParser parser, AggregateVersions versions, List<Projection> projections,
                              ProjectionMetrics metrics, AppliedSignal signal) {
        this.parser = parser;
        this.versions = versions;
        this.projections = projections;
        this.metrics = metrics;
        this.signal = signal;
    }

    @KafkaListener(id = CONTAINER_ID, topics = "${authz.events-topic}", groupId = "${authz.consumer-group}")
    public void onRecord(ConsumerRecord<String, String> record, Acknowledgment ack) {
        EventRecord event = parser.parse(record.value());
        MDC.put("requestId", event.requestId());
        try {
            apply(event);
            ack.acknowledge();
        } finally {
            MDC.remove("requestId");
        }
    }

    private void apply(EventRecord event) {
        if (event.event() == null) {
            log.info("skipping event {} of unknown type {} on {}", event.eventId(), event.type(), event.aggregateId());
            return;
        }
        if (event.sequence() <= versions.applied(event.aggregateId())) {
            log.debug("already applied: {} #{} of {}", event.type(), event.sequence(), event.aggregateId());
            return;
        }
        for (Projection projection : projections) {
            projection.apply(event.event(), event.occurredAt());
        }
        versions.record(event.aggregateId(), event.poolId(), event.sequence());
        metrics.applied(event.type(), event.occurredAt());
        signal.eventApplied();
        log.debug("applied {} #{} of {} in pool {}", event.type(), event.sequence(), event.aggregateId(),
                event.poolId());
    }
}

package dev.authz.query.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * authz_projection_events_total{type}, authz_projection_lag_seconds (now minus the last applied event's
 * occurredAt) and authz_projection_dlt_total.
 */
@Component
public class ProjectionMetrics {
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter deadLettered;

    public ProjectionMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("authz.projection.lag", lagMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds").description("Age of the last applied event when it was applied")
                .register(registry);
        this.deadLettered = Counter.builder("authz.projection.dlt")
                .description("Records sent to the dead-letter topic").register(registry);
    }

    public void applied(String type, Instant occurredAt) {
        Counter.builder("authz.projection.events").tag("type", type)
                .description("Events applied to the read model").register(registry).increment();
        lagMillis.set(Math.max(0, Duration.between(occurredAt, clock.instant()).toMillis()));
    }

    public void deadLettered() {
        deadLettered.increment();
    }
}

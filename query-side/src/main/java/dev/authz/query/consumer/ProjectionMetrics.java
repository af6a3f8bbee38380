package dev.authz.query.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the projection does, for Prometheus: {@code authz_projection_events_total{type}} (events applied to the read
 * model), {@code authz_projection_lag_seconds} (a histogram of the time from an event's occurredAt on the command
 * side to its being applied here: buckets, count, sum, max) and {@code authz_projection_dlt_total} (records sent to
 * the dead-letter topic). Events applied by a rebuild's replay are not counted: their age says nothing about now.
 */
@Component
public class ProjectionMetrics {
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer lag;
    private final Counter deadLettered;

    public ProjectionMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.lag = Timer.builder("authz.projection.lag")
                .description("From an event's occurredAt to its being applied to the read model")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        this.deadLettered = Counter.builder("authz.projection.dlt")
                .description("Records sent to the dead-letter topic").register(registry);
    }

    public void applied(String type, Instant occurredAt) {
        lag.record(Duration.ofMillis(Math.max(0, Duration.between(occurredAt, clock.instant()).toMillis())));
        Counter.builder("authz.projection.events").tag("type", type)
                .description("Events applied to the read model").register(registry).increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }
}

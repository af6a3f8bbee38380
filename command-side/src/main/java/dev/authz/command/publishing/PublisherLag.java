package dev.authz.command.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/**
 * {@code authz_publisher_lag_events}: events stored but not yet acknowledged by Kafka, i.e. the event store's head
 * (highest global index) minus the position the "kafka-publisher" processor stored in its token (it stores it only
 * after Kafka acknowledged the batch). Near 0 while the publisher keeps up; growing means writes are stored but
 * nobody downstream sees them. Read from PostgreSQL when scraped (two indexed lookups), so every command-side
 * instance reports the same value, whichever holds the publisher's segment, and a stopped publisher shows up.
 * NaN when the token is of a kind this does not read (a reset in progress).
 */
@Component
public class PublisherLag {
    private static final String POSITION_TOKEN = "org.axonframework.eventhandling.GapAwareTrackingToken";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PublisherLag(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.json = json;
        Gauge.builder("authz.publisher.lag", this, PublisherLag::events).baseUnit("events")
                .description("Stored events not yet acknowledged by Kafka (store head minus publisher position)")
                .register(registry);
    }

    /** The lag in events (the slowest segment's), or NaN when a token cannot be read. */
    public double events() {
        long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        List<Double> positions = jdbc.query("SELECT token_type, token FROM token_entry WHERE processor_name = ?",
                (row, index) -> position(row.getString("token_type"), row.getBytes("token")),
                KafkaEventPublisher.PROCESSOR);
        // No token yet: the publisher has not published anything.
        double published = positions.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return Double.isNaN(published) ? Double.NaN : Math.max(0, head - published);
    }

    private double position(String type, byte[] token) {
        if (token == null) {
            return 0; // a segment claimed before its first batch
        }
        if (!POSITION_TOKEN.equals(type)) {
            return Double.NaN;
        }
        try {
            JsonNode index = json.readTree(token).path("index");
            return index.isNumber() ? index.asDouble() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}

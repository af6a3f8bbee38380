package dev.authz.examples.accesscache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One record of the event topic, read only through what docs/asyncapi.yaml documents: the {@code ce_id} header
 * (deduplication key) and the JSON envelope ({@code type}, {@code schemaVersion}, {@code aggregateId},
 * {@code sequence}, {@code poolId}, {@code data}).
 */
record StreamRecord(int partition, long offset, String eventId, String type, int schemaVersion, String aggregateId,
                    long sequence, String poolId, JsonNode data) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record, or null when it is not an event envelope at all (then it is skipped and logged). */
    static StreamRecord parse(ConsumerRecord<String, String> record) {
        JsonNode envelope;
        try {
            envelope = record.value() == null ? null : JSON.readTree(record.value());
        } catch (IOException e) {
            return null;
        }
        if (envelope == null || !envelope.path("data").isObject() || !envelope.path("type").isTextual()
                || !envelope.path("sequence").canConvertToLong() || !envelope.path("aggregateId").isTextual()) {
            return null;
        }
        Header ceId = record.headers().lastHeader("ce_id");
        String eventId = ceId != null ? new String(ceId.value(), StandardCharsets.UTF_8)
                : envelope.path("eventId").asText(null);
        return new StreamRecord(record.partition(), record.offset(), eventId, envelope.path("type").asText(),
                envelope.path("schemaVersion").asInt(1), envelope.path("aggregateId").asText(),
                envelope.path("sequence").asLong(), envelope.path("poolId").asText(null), envelope.path("data"));
    }
}

package dev.authz.api.event;

import java.util.LinkedHashMap;
import java.util.Map;

/** Kafka header names of the public event stream (CloudEvents Kafka protocol binding, binary mode). */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String DATA_SCHEMA_VERSION = "ce_dataschemaversion";
    public static final String CONTENT_TYPE = "content-type";

    /** The headers of the record that carries the envelope, in the order the publisher writes them. */
    public static Map<String, String> of(EventEnvelope<?> envelope) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, envelope.eventId());
        headers.put(SPEC_VERSION, "1.0");
        headers.put(TYPE, ceType(envelope.type(), envelope.schemaVersion()));
        headers.put(SOURCE, ceSource(envelope.poolId()));
        headers.put(SUBJECT, envelope.aggregateType() + "/" + envelope.aggregateId());
        headers.put(TIME, envelope.occurredAt());
        headers.put(DATA_SCHEMA_VERSION, String.valueOf(envelope.schemaVersion()));
        headers.put(CONTENT_TYPE, "application/json");
        return headers;
    }

    /** ce_type = "dev.authz." + event name + ".v" + version, e.g. dev.authz.GroupCreated.v1 */
    public static String ceType(String eventName, int version) {
        return "dev.authz." + eventName + ".v" + version;
    }

    /** ce_source names the user pool the event belongs to. */
    public static String ceSource(String poolId) {
        return "/authz/pools/" + poolId;
    }

    private CloudEventHeaders() {
    }
}

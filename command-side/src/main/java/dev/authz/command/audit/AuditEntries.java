package dev.authz.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authz.api.event.AdminActionRecorded;
import dev.authz.api.event.MetadataKeys;
import dev.authz.command.audit.AuditedOperations.Operation;
import dev.authz.kit.web.CachedBodyRequest;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.StorableText;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds audit entries from the request they describe and appends them to the event store. */
@Component
class AuditEntries {
    /** Longest {@code operationParam} kept; the rest of a large batch body is cut. */
    static final int MAX_PARAM_CHARS = 4096;
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential).*");

    private final EventStore eventStore;
    private final ObjectMapper json;

    AuditEntries(EventStore eventStore, ObjectMapper json) {
        this.eventStore = eventStore;
        this.json = json;
    }

    /**
     * The entry of the request in {@code scope}.
     *
     * @param changes null for an accepted write's draft: completed when its unit of work appends its events
     */
    AdminActionRecorded entry(AuditScope scope, Operation operation, boolean success, Integer apiCode,
                              String reason, String before, String after,
                              List<AdminActionRecorded.Change> changes) {
        RequestContext context = scope.context();
        // A refused request's text is recorded as sent, but for what no store can hold (why it may have been refused)
        return new AdminActionRecorded(context.poolId(), scope.entryId(), context.poolId(), context.requestId(),
                context.clientIp(), context.userAgent(), scope.operation(), operation.operationType(),
                operation.resourceType(), success, apiCode, StorableText.replacingUnstorable(reason),
                StorableText.replacingUnstorable(operationParam(scope)), before,
                after, changes);
    }


    /** Stages the entry in the current unit of work, or appends it in a transaction of its own outside one. */
    void append(AdminActionRecorded entry) {
        eventStore.publish(new GenericDomainEventMessage<>(AdminActionRecorded.AGGREGATE_TYPE, entry.entryId(), 0,
                entry, metadata(entry)));
    }

    String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> metadata(AdminActionRecorded entry) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(MetadataKeys.POOL_ID, entry.poolId());
        metadata.put(MetadataKeys.ACCESS_KEY_ID, entry.adminUserId());
        metadata.put(MetadataKeys.REQUEST_ID, entry.requestId());
        metadata.put(MetadataKeys.AUDIT_ENTRY_ID, entry.entryId());
        if (entry.clientIp() != null) {
            metadata.put(MetadataKeys.CLIENT_IP, entry.clientIp());
        }
        if (entry.userAgent() != null) {
            metadata.put(MetadataKeys.USER_AGENT, entry.userAgent());
        }
        return metadata;
    }

    /** The request body as the admin sent it, without secret-looking fields, cut to a few KB. */
    private String operationParam(AuditScope scope) {
        CachedBodyRequest cached = WebUtils.getNativeRequest(scope.request(), CachedBodyRequest.class);
        if (cached == null || cached.body().length == 0) {
            return null;
        }
        String text;
        try {
            JsonNode body = json.readTree(cached.body());
            redact(body);
            text = json.writeValueAsString(body);
        } catch (IOException e) {
            text = new String(cached.body(), StandardCharsets.UTF_8); // not JSON: the rejection says so
        }
        if (text.length() <= MAX_PARAM_CHARS) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_PARAM_CHARS - 1)) ? MAX_PARAM_CHARS - 1 : MAX_PARAM_CHARS;
        return text.substring(0, cut) + "…";
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (SECRET.matcher(names.next()).matches()) {
                    names.remove();
                }
            }
        }
        node.forEach(AuditEntries::redact);
    }
}

package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.security.InternalTokenFilter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the command side's event feed ({@code GET /internal/v1/events}, internal token): what was stored, in
 * global order. "Nothing was written" is checked as "no domain event after the cursor taken before";
 * {@link StoredEvents} reads the whole store through it.
 */
final class EventFeedReader {
    private static final int PAGE = 5000;

    private final String commandSideUrl;
    private final String internalToken;

    EventFeedReader(LocalSystem system) {
        this(system.commandSide().url(), system.internalToken());
    }

    EventFeedReader(String commandSideUrl, String internalToken) {
        this.commandSideUrl = commandSideUrl;
        this.internalToken = internalToken;
    }

    /** A cursor after every event stored so far. */
    String head() {
        return read("").cursor();
    }

    /** The envelopes of every event stored after the cursor. */
    List<JsonNode> after(String cursor) {
        return read(cursor).envelopes();
    }

    private record Read(List<JsonNode> envelopes, String cursor) {
    }

    private Read read(String from) {
        List<JsonNode> envelopes = new ArrayList<>();
        String cursor = from;
        while (true) {
            JsonNode page = fetch(cursor);
            page.path("events").forEach(event -> envelopes.add(event.path("envelope")));
            cursor = page.path("next").asText("");
            if (page.path("events").size() < PAGE) {
                return new Read(envelopes, cursor);
            }
        }
    }

    private JsonNode fetch(String cursor) {
        return JsonGet.get(commandSideUrl + "/internal/v1/events?limit=" + PAGE + "&after="
                        + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                Map.of(InternalTokenFilter.HEADER, internalToken), Duration.ofSeconds(60));
    }

    /**
     * A domain change: any event but the audit log's own entries of writes that changed nothing (rejected ones,
     * and accepted no-ops such as deleting a code that does not exist, whose entry lists no changes).
     */
    static boolean isDomainChange(JsonNode envelope) {
        JsonNode data = envelope.path("data");
        boolean auditOfNoChange = "AdminActionRecorded".equals(envelope.path("type").asText())
                && (!data.path("success").asBoolean(true) || data.path("changes").isEmpty());
        return !auditOfNoChange;
    }
}

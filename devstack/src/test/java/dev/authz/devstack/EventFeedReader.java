package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the command side's event feed ({@code GET /internal/v1/events}, internal token): what was stored, in
 * global order. "Nothing was written" is checked as "no domain event after the cursor taken before".
 */
final class EventFeedReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 5000;

    private final LocalSystem system;
    private final HttpClient http = HttpClient.newHttpClient();

    EventFeedReader(LocalSystem system) {
        this.system = system;
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
        URI uri = URI.create(system.commandSide().url() + "/internal/v1/events?limit=" + PAGE + "&after="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("x-authz-internal-token", system.internalToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

package dev.authz.query.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.security.InternalTokenFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the command side's event feed ({@code GET /internal/v1/events}): the event store, in global order. */
@Component
public class EventFeedClient {
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(EventFeedClient.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String commandSideUrl;
    private final String internalToken;

    public EventFeedClient(@Value("${authz.command-side-url}") String commandSideUrl,
                           @Value("${authz.internal-token:}") String internalToken) {
        this.commandSideUrl = commandSideUrl.replaceAll("/+$", "");
        this.internalToken = internalToken;
    }

    /** One stored event: its global index and its envelope (the JSON of a Kafka record's value). */
    public record FeedEvent(long position, JsonNode envelope) {
    }

    /** {@code next} continues after the last event; fewer events than asked means the head was reached. */
    public record Page(List<FeedEvent> events, String next, long head, int limit) {
        public boolean caughtUp() {
            return events.size() < limit;
        }

        public long lastPosition(long otherwise) {
            return events.isEmpty() ? otherwise : events.get(events.size() - 1).position();
        }
    }

    /**
     * One page; a page that times out or whose connection fails is asked for again (the feed is a plain GET of
     * stored events: asking twice is harmless), up to {@value #ATTEMPTS} times, before the rebuild is failed.
     */
    public Page read(String after, int limit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(after, limit);
            } catch (FeedUnreachable e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.warn("{}; asking again ({} of {})", e.getMessage(), attempt + 1, ATTEMPTS);
            }
        }
    }

    /** The feed did not answer (timeout, connection refused or reset). */
    static final class FeedUnreachable extends IllegalStateException {
        FeedUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Page readOnce(String after, int limit) {
        URI uri = URI.create(commandSideUrl + "/internal/v1/events?limit=" + limit + "&after="
                + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header(InternalTokenFilter.HEADER, internalToken).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("event feed " + uri + " answered HTTP " + response.statusCode()
                            + ": " + new String(body.readNBytes(500), StandardCharsets.UTF_8));
                }
                JsonNode page = mapper.readTree(body);
                if (!page.path("events").isArray()) {
                    throw new IllegalStateException("event feed " + uri + " answered without events: "
                            + page.toString().substring(0, Math.min(500, page.toString().length())));
                }
                List<FeedEvent> events = new ArrayList<>(page.path("events").size());
                page.path("events").forEach(event -> events.add(new FeedEvent(event.path("position").asLong(),
                        event.path("envelope"))));
                return new Page(events, page.path("next").asText(""), page.path("head").asLong(-1), limit);
            }
        } catch (IOException e) {
            throw new FeedUnreachable("event feed " + uri + " could not be read: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event feed", e);
        }
    }
}

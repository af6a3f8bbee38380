package dev.authz.command.eventfeed;

import dev.authz.api.error.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/events?after=<cursor>&limit=<n>}: the event store for the query side's read-model
 * rebuild (guarded by the internal token, never routed by the gateway).
 */
@RestController
public class EventFeedController {
    static final int MAX_LIMIT = 5000;

    private final EventFeed feed;

    public EventFeedController(EventFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/internal/v1/events")
    public EventFeed.Page events(@RequestParam(required = false) String after,
                                 @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "between 1 and " + MAX_LIMIT);
        }
        return feed.read(FeedCursor.parse(after), limit);
    }
}

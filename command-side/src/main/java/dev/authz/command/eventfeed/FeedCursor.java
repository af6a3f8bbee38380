package dev.authz.command.eventfeed;

import dev.authz.api.error.ApiException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a reader of the feed stands, as text: {@code "<globalIndex>"}, or {@code "<globalIndex>:<gap>,<gap>"}
 * when lower global indexes were still missing when it read past them. Those are transactions that took their
 * index but had not committed yet (or never will): a plain "after index N" cursor would skip them forever if
 * they commit later; the gaps make the next read include them (Axon's GapAwareTrackingToken, as the Kafka
 * publisher tracks the store). Empty: from the beginning.
 */
record FeedCursor(GapAwareTrackingToken token) {
    static final FeedCursor START = new FeedCursor(null);

    static FeedCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        try {
            String[] parts = text.trim().split(":", 2);
            List<Long> gaps = new ArrayList<>();
            if (parts.length == 2 && !parts[1].isBlank()) {
                for (String gap : parts[1].split(",")) {
                    gaps.add(Long.parseLong(gap.trim()));
                }
            }
            long index = Long.parseLong(parts[0].trim());
            if (index < -1 || gaps.stream().anyMatch(gap -> gap < 0 || gap >= index)) {
                throw ApiException.invalid("after", "gaps must lie below the index");
            }
            return index < 0 && gaps.isEmpty() ? START : new FeedCursor(GapAwareTrackingToken.newInstance(index, gaps));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("after", "expected <globalIndex>[:<gap>,...] as returned in next");
        }
    }

    static FeedCursor of(TrackingToken token) {
        return new FeedCursor((GapAwareTrackingToken) token);
    }

    @Override
    public String toString() {
        if (token == null) {
            return "";
        }
        String gaps = token.getGaps().stream().map(String::valueOf).collect(Collectors.joining(","));
        return gaps.isEmpty() ? String.valueOf(token.getIndex()) : token.getIndex() + ":" + gaps;
    }
}

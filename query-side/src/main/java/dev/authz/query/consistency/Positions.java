package dev.authz.query.consistency;

import dev.authz.api.error.ApiException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Positions in the event streams as text, {@code aggregateId:sequence,...}: what the command side's wait asks for
 * ({@link AppliedController}) and what an instance announces it applied ({@link AppliedAnnouncements}).
 */
final class Positions {
    private Positions() {
    }

    static String format(Collection<AggregateVersions.Applied> applied) {
        return applied.stream().map(a -> a.aggregateId() + ":" + a.sequence()).collect(Collectors.joining(","));
    }

    /** Aggregate id → the highest sequence named for it; malformed text is an invalid {@code positions}. */
    static Map<String, Long> parse(String positions) {
        Map<String, Long> parsed = new LinkedHashMap<>();
        for (String position : positions.split(",")) {
            int colon = position.lastIndexOf(':');
            if (colon <= 0) {
                throw ApiException.invalid("positions", "expected aggregateId:sequence");
            }
            try {
                parsed.merge(position.substring(0, colon).trim(),
                        Long.parseLong(position.substring(colon + 1).trim()), Math::max);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("positions", "sequence is not a number");
            }
        }
        return parsed;
    }
}

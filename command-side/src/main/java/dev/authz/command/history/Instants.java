package dev.authz.command.history;

import dev.authz.api.error.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The {@code at} of a time-travel query: an ISO-8601 instant or epoch milliseconds, not in the future. */
final class Instants {
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,15}");
    private static final String FORMAT = "an ISO-8601 instant (2024-05-01T12:00:00Z, +08:00 offsets too) "
            + "or epoch milliseconds";

    private Instants() {
    }

    static Instant at(String value, Instant now) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("at", "required: " + FORMAT);
        }
        Instant at = parse(value.trim());
        if (at.isAfter(now)) {
            throw ApiException.invalid("at", "in the future (now is " + now + ")");
        }
        return at;
    }

    private static Instant parse(String value) {
        if (EPOCH_MILLIS.matcher(value).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("at", "not " + FORMAT);
        }
    }
}

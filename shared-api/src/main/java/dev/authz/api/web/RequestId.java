package dev.authz.api.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rule for request ids, shared by the gateway (which assigns them) and the services (which log them and store
 * them with every event): the caller's {@code x-request-id} when it is a sane token, otherwise a fresh one. Sane
 * means it cannot break a log line or a header: letters, digits and {@code . _ : -}, at most 64 characters.
 */
public final class RequestId {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestId() {
    }

    public static String acceptOrNew(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString().replace("-", "");
    }
}

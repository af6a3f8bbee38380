package dev.authz.command.consistency;

import dev.authz.api.web.Headers;
import dev.authz.command.consistency.AppendedEvents.Appended;
import dev.authz.kit.web.RequestLogFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Asks the query side whether it has applied given events, waiting at most the configured time. The
 * query side answers as soon as the last position is projected, so a write usually waits a few ms.
 */
@Component
public class ReadModelWaiter {
    private static final Logger log = LoggerFactory.getLogger(ReadModelWaiter.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String querySideUrl;
    private final String internalToken;
    private final Duration timeout;

    public ReadModelWaiter(@Value("${authz.query-side-url}") String querySideUrl,
                           @Value("${authz.internal-token:}") String internalToken,
                           @Value("${authz.read-your-writes.timeout:5s}") Duration timeout) {
        this.querySideUrl = querySideUrl.replaceAll("/+$", "");
        this.internalToken = internalToken;
        this.timeout = timeout;
    }

    /** True when every aggregate's last appended event is visible to queries. */
    public boolean awaitApplied(List<Appended> events) {
        if (events.isEmpty()) {
            return true;
        }
        Map<String, Long> lastPerAggregate = new LinkedHashMap<>();
        events.forEach(e -> lastPerAggregate.merge(e.aggregateId(), e.sequence(), Math::max));
        String positions = lastPerAggregate.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(querySideUrl + "/internal/v1/applied?positions="
                        + positions + "&timeoutMs=" + timeout.toMillis()))
                .timeout(timeout.plusSeconds(2))
                .header("x-authz-internal-token", internalToken);
        // The query side logs the wait under the write's request id.
        String requestId = MDC.get(RequestLogFilter.REQUEST_ID_KEY);
        if (requestId != null) {
            builder.header(Headers.REQUEST_ID, requestId);
        }
        HttpRequest request = builder.GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean applied = response.statusCode() == 200 && response.body().contains("\"applied\":true");
            if (!applied) {
                log.warn("Read model did not apply {} within {} (HTTP {})", positions, timeout, response.statusCode());
            }
            return applied;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not ask the query side whether {} is applied: {}", positions, e.toString());
            return false;
        }
    }
}

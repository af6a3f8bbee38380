package dev.authz.command.consistency;

import dev.authz.api.web.Headers;
import dev.authz.command.consistency.AppendedEvents.Appended;
import dev.authz.kit.web.RequestLogFilter;
import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Asks the query side whether it has applied given events, waiting at most the configured time. The
 * query side answers as soon as the last position is projected, so a write usually waits a few ms.
 *
 * <p>A blocking client on the write's own thread, with pooled kept-alive connections: the JDK's HttpClient moved
 * each call across its selector and executor threads: 15 % of the command side's samples in read-your-writes
 * writes (ADR 0016). A pooled connection the query side closed (it restarted) fails before any answer; the
 * question is then asked once more (the pool has let go of that connection), as the gateway does for reads.
 * Nothing else is retried: an unanswered wait only makes the write report {@code pending}.
 */
@Component
public class ReadModelWaiter {
    private static final Logger log = LoggerFactory.getLogger(ReadModelWaiter.class);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(2);
    /** Tomcat's default thread count: every request thread of this service may be waiting at once. */
    private static final int CONNECTIONS = 200;

    private final CloseableHttpClient http;
    private final String querySideUrl;
    private final String internalToken;
    private final Duration timeout;

    public ReadModelWaiter(@Value("${authz.query-side-url}") String querySideUrl,
                           @Value("${authz.internal-token:}") String internalToken,
                           @Value("${authz.read-your-writes.timeout:5s}") Duration timeout) {
        this.querySideUrl = querySideUrl.replaceAll("/+$", "");
        this.internalToken = internalToken;
        this.timeout = timeout;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(CONNECTIONS)
                        .setMaxConnTotal(CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(CONNECT_TIMEOUT)
                        .setResponseTimeout(Timeout.of(timeout.plusSeconds(2)))
                        .build())
                .evictIdleConnections(TimeValue.ofSeconds(10))
                .disableAutomaticRetries()
                .build();
    }

    @PreDestroy
    public void close() throws IOException {
        http.close();
    }

    private record Answer(int status, String body) {
    }

    private Answer ask(HttpGet request) throws IOException {
        return http.execute(request, response -> new Answer(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
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
        HttpGet request = new HttpGet(querySideUrl + "/internal/v1/applied?positions=" + positions + "&timeoutMs="
                + timeout.toMillis());
        request.setHeader("x-authz-internal-token", internalToken);
        // The query side logs the wait under the write's request id.
        String requestId = MDC.get(RequestLogFilter.REQUEST_ID_KEY);
        if (requestId != null) {
            request.setHeader(Headers.REQUEST_ID, requestId);
        }
        try {
            Answer answer;
            try {
                answer = ask(request);
            } catch (NoHttpResponseException dropped) {
                answer = ask(request); // a pooled connection the query side had closed: once more
            }
            boolean applied = answer.status() == 200 && answer.body().contains("\"applied\":true");
            if (!applied) {
                log.warn("Read model did not apply {} within {} (HTTP {})", positions, timeout, answer.status());
            }
            return applied;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not ask the query side whether {} is applied: {}", positions, e.toString());
            return false;
        }
    }
}

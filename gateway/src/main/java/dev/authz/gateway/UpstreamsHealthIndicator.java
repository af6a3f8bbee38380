package dev.authz.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** The gateway is only useful when both services are: UP when both upstreams' own health says UP. */
@Component("upstreams")
class UpstreamsHealthIndicator implements HealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final GatewayProperties properties;
    private final HttpClient client;
    private final ObjectMapper json;

    UpstreamsHealthIndicator(GatewayProperties properties, HttpClient healthCheckClient, ObjectMapper json) {
        this.properties = properties;
        this.client = healthCheckClient;
        this.json = json;
    }

    @Override
    public Health health() {
        // Asked in parallel so that a hanging upstream costs one timeout, not two.
        CompletableFuture<String> command = statusOf(RouteTable.Side.COMMAND);
        CompletableFuture<String> query = statusOf(RouteTable.Side.QUERY);
        String commandStatus = command.join();
        String queryStatus = query.join();
        Health.Builder health = "UP".equals(commandStatus) && "UP".equals(queryStatus) ? Health.up() : Health.down();
        return health.withDetail("commandSide", commandStatus).withDetail("querySide", queryStatus).build();
    }

    /** The upstream's health status ("UP", "DOWN", ...), or "DOWN (why)" when it cannot be asked. */
    private CompletableFuture<String> statusOf(RouteTable.Side side) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrlOf(side) + "/actuator/health"))
                .timeout(TIMEOUT)
                .GET()
                .build();
        // The request timeout does not cover connecting (the shared client allows 2 s for that): cap the whole call.
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> parseStatus(response.body()))
                .exceptionally(failure -> "DOWN (" + describe(failure) + ")");
    }

    private String parseStatus(byte[] body) {
        try {
            return json.readTree(body).path("status").asText("UNKNOWN");
        } catch (IOException e) {
            return "UNKNOWN (not a health response)";
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer within " + TIMEOUT.toMillis() + " ms";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}

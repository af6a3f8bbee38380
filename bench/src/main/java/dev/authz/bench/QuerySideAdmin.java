package dev.authz.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The query side's read-model rebuild endpoints ({@code /internal/v1/rebuild}, internal token). */
public final class QuerySideAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI rebuild;
    private final String token;

    public QuerySideAdmin(String querySideUrl, String token) {
        this.rebuild = URI.create(querySideUrl.replaceAll("/+$", "") + "/internal/v1/rebuild");
        this.token = token;
    }

    /** Starts a rebuild; its status (202), or throws with the answer (409 when one runs). */
    public JsonNode startRebuild() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(rebuild).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("rebuild not started: HTTP " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    public JsonNode rebuildStatus() {
        return json(send(HttpRequest.newBuilder(rebuild).GET()).body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).header("x-authz-internal-token", token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code java -jar devstack/target/devstack.jar rebuild}: rebuilds every read model of a running system from its
 * event store (the query side's {@code POST /internal/v1/rebuild}) and prints its progress until it finishes.
 * Works against the local run (address and token from its data dir) or any deployment (--url, --token).
 */
public final class RebuildCommand {
    static final String USAGE = """
            usage: java -jar devstack/target/devstack.jar rebuild [options]
              --data-dir DIR    the running devstack's data dir (default: <repo>/.data); its services are used
              --url URL         the query side instead (default: $AUTHZ_QUERY_SIDE_URL), e.g. http://127.0.0.1:8082
              --token TOKEN     its internal token (default: $AUTHZ_INTERNAL_TOKEN)
              --every SECONDS   how often to print progress (default 2)
            exit status: 0 rebuilt and switched, 1 the rebuild failed (the old read model still serves),
                         2 refused (one is running) or could not be started
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String querySideUrl;
    private final String token;
    private final PrintStream out;

    public RebuildCommand(String querySideUrl, String token, PrintStream out) {
        this.querySideUrl = querySideUrl.replaceAll("/+$", "");
        this.token = token;
        this.out = out;
    }

    static int main(String[] args) {
        Path dataDir = null;
        String url = System.getenv("AUTHZ_QUERY_SIDE_URL");
        String token = System.getenv("AUTHZ_INTERNAL_TOKEN");
        boolean explicitTarget = false;
        int every = 2;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(required(args[i], value));
                    case "--url" -> {
                        url = required(args[i], value);
                        explicitTarget = true;
                    }
                    case "--token" -> token = required(args[i], value);
                    case "--every" -> every = Integer.parseInt(required(args[i], value));
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (dataDir != null || !explicitTarget && (url == null || token == null)) {
                RunningSystem running = RunningSystem.read(dataDir != null ? dataDir
                        : ServiceJars.locate().repoRoot().resolve(".data"));
                url = running.querySideUrl();
                token = running.internalToken();
            }
            if (token == null) {
                throw new IllegalArgumentException("--token (or AUTHZ_INTERNAL_TOKEN) is needed with --url");
            }
        } catch (RuntimeException e) {
            System.err.print(e.getMessage() + System.lineSeparator() + USAGE);
            return 2;
        }
        return new RebuildCommand(url, token, System.out).run(Duration.ofSeconds(Math.max(1, every)));
    }

    /** Starts a rebuild and follows it; returns the exit status (see {@link #USAGE}). */
    public int run(Duration every) {
        JsonNode started;
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.noBody()));
            if (response.statusCode() == 409) {
                say("refused: " + JSON.readTree(response.body()).path("error").asText());
                return 2;
            }
            if (response.statusCode() != 202) {
                say("could not start a rebuild: HTTP " + response.statusCode() + " " + response.body());
                return 2;
            }
            started = JSON.readTree(response.body());
        } catch (IOException e) {
            say("could not reach the query side at " + querySideUrl + ": " + e);
            return 2;
        }
        String id = started.path("id").asText();
        say("rebuild " + id + " started on " + querySideUrl + " (generation " + started.path("fromGeneration").asLong()
                + " keeps serving until it is done)");
        while (true) {
            ServiceProcess.sleep(every);
            if (Thread.currentThread().isInterrupted()) {
                say("interrupted; the rebuild goes on (GET /internal/v1/rebuild tells how it ends)");
                return 1;
            }
            JsonNode status;
            try {
                status = JSON.readTree(send(HttpRequest.newBuilder(uri()).GET()).body());
            } catch (IOException e) {
                say("could not read the status (" + e.getMessage() + "), retrying");
                continue;
            }
            if (!id.equals(status.path("id").asText())) {
                say("the status now describes another rebuild (" + status.path("id").asText() + "): giving up");
                return 1;
            }
            String state = status.path("state").asText();
            if ("RUNNING".equals(state)) {
                say(progress(status));
                continue;
            }
            say(state + ": " + status.path("eventsDone").asLong() + " events into generation "
                    + status.path("generation").asText("?") + " at " + status.path("eventsPerSecond").asDouble()
                    + " events/s, " + status.path("skipped").asLong() + " skipped"
                    + (status.hasNonNull("error") ? "; " + status.path("error").asText() : ""));
            return "SUCCEEDED".equals(state) ? 0 : 1;
        }
    }

    static String progress(JsonNode status) {
        long done = status.path("eventsDone").asLong();
        long total = Math.max(1, status.path("eventsTotal").asLong());
        String eta = status.hasNonNull("etaSeconds") ? status.path("etaSeconds").asLong() + " s" : "?";
        return "%-12s %,d / %,d events (%.1f %%), %,.0f events/s, ETA %s".formatted(status.path("phase").asText(), done,
                total, Math.min(100.0, 100.0 * done / total), status.path("eventsPerSecond").asDouble(), eta);
    }

    private URI uri() {
        return URI.create(querySideUrl + "/internal/v1/rebuild");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).header("x-authz-internal-token", token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void say(String message) {
        out.println(LocalTime.now().format(TIME) + "  " + message);
        out.flush();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

}

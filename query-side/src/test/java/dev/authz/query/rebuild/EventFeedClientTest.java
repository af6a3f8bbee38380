package dev.authz.query.rebuild;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A feed page that fails on the wire is asked for again; a feed that keeps failing fails the read. */
class EventFeedClientTest {
    private static final String PAGE = """
            {"events":[{"position":7,"envelope":{"type":"GroupCreated"}}],"next":"7","head":7}""";

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    /** Drops the connection without an answer for the first {@code failures} requests, then serves PAGE. */
    private EventFeedClient feedFailing(int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/events", exchange -> {
            if (requests.incrementAndGet() <= failures) {
                exchange.close();
                return;
            }
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new EventFeedClient("http://127.0.0.1:" + server.getAddress().getPort(), "token");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDroppedPageIsAskedForAgain() throws IOException {
        // The JDK's HttpClient already sends a GET whose connection closed once more: two drops fail its attempt.
        EventFeedClient.Page page = feedFailing(2).read("", 10);

        assertThat(page.events()).extracting(EventFeedClient.FeedEvent::position).containsExactly(7L);
        assertThat(page.next()).isEqualTo("7");
        assertThat(requests).hasValue(3);
    }

    @Test
    void aFeedThatKeepsFailingFailsTheRead() throws IOException {
        EventFeedClient client = feedFailing(Integer.MAX_VALUE);

        assertThatThrownBy(() -> client.read("", 10)).isInstanceOf(EventFeedClient.FeedUnreachable.class)
                .hasMessageContaining("could not be read");
        assertThat(requests.get()).isBetween(EventFeedClient.ATTEMPTS, 2 * EventFeedClient.ATTEMPTS);
    }
}

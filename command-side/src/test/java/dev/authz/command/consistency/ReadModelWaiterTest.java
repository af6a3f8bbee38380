package dev.authz.command.consistency;

import dev.authz.command.consistency.AppendedEvents.Appended;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-your-writes question to the query side when the connection it goes out on is dropped without an answer
 * (what a pooled connection to a query side that restarted looks like): asked once more on a fresh connection.
 */
class ReadModelWaiterTest {
    private final QuerySideThatHangsUp querySide = new QuerySideThatHangsUp();
    private final ReadModelWaiter waiter = new ReadModelWaiter(querySide.url(), "token", Duration.ofSeconds(2));

    @AfterEach
    void close() throws IOException {
        waiter.close();
        querySide.close();
    }

    @Test
    void aDroppedConnectionIsAskedAgain() {
        querySide.hangUps.set(1);

        assertThat(waiter.awaitApplied(List.of(new Appended("g1", 3, Instant.now())))).isTrue();
        assertThat(querySide.questions).hasValue(2);
    }

    @Test
    void twoDroppedConnectionsLeaveTheWritePending() {
        querySide.hangUps.set(2);

        assertThat(waiter.awaitApplied(List.of(new Appended("g1", 3, Instant.now())))).isFalse();
        assertThat(querySide.questions).hasValue(2);
    }

    /** Reads each question whole; hangs up on the first {@link #hangUps}, then answers "applied". */
    private static final class QuerySideThatHangsUp {
        private static final byte[] APPLIED = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 16\r\n\r\n{\"applied\":true}").getBytes(StandardCharsets.US_ASCII);
        final AtomicInteger hangUps = new AtomicInteger();
        final AtomicInteger questions = new AtomicInteger();
        private final ServerSocket server;

        QuerySideThatHangsUp() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread answering = new Thread(this::answer, "query-side-that-hangs-up");
            answering.setDaemon(true);
            answering.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        void close() throws IOException {
            server.close();
        }

        private void answer() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    while (skipHead(in)) {
                        questions.incrementAndGet();
                        if (hangUps.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            break;
                        }
                        socket.getOutputStream().write(APPLIED);
                    }
                } catch (IOException e) {
                    // closed by the test or by the client: next connection
                }
            }
        }

        /** Reads a GET's request line and headers; false at the end of the stream. */
        private static boolean skipHead(InputStream in) throws IOException {
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    return true;
                }
            }
            return false;
        }
    }
}

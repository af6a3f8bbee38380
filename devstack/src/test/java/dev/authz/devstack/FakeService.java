package dev.authz.devstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Stands in for a service jar in {@link ServiceProcessTest}: healthy on $SERVER_PORT, or failing when asked. */
public final class FakeService {

    public static void main(String[] args) throws IOException {
        if (System.getenv("FAIL_WITH") != null) {
            System.out.println("APPLICATION FAILED TO START: " + System.getenv("FAIL_WITH"));
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service stopping gracefully")));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, up.length);
            exchange.getResponseBody().write(up);
            exchange.close();
        });
        server.start();
        System.out.println("fake service up");
        System.out.println("fake service jvm " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("fake service env MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX"));
    }
}

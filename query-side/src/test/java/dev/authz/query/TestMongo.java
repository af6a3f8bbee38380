package dev.authz.query;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.InetSocketAddress;

/**
 * The MongoDB the query side's tests run against, one per test JVM: the in-process mongo-java-server by default, or a
 * real MongoDB in a container when {@code authz.test.mongo-image} names an image ({@code mvn -Preal-mongo} sets
 * {@code mongo:7}; needs Docker). Tests take a database of their own from it, never the whole server.
 */
public final class TestMongo {
    public static final String IMAGE_PROPERTY = "authz.test.mongo-image";
    private static final RestartableMemoryBackend DATA = new RestartableMemoryBackend();
    private static String uri;
    private static MongoServer server;
    private static InetSocketAddress address;

    private TestMongo() {
    }

    /** The connection string, starting the server on first use; it lives as long as the JVM. */
    public static synchronized String uri() {
        if (uri == null) {
            String image = System.getProperty(IMAGE_PROPERTY, "");
            uri = image.isBlank() ? startInProcess() : startContainer(image);
        }
        return uri;
    }

    private static String startInProcess() {
        server = new MongoServer(DATA);
        address = server.bind();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** Whether the server runs in this JVM (so that tests can take it away and bring it back). */
    public static synchronized boolean inProcess() {
        uri();
        return server != null;
    }

    /** Stops the in-process server and cuts every connection, as a crashed mongod would; the data stays. */
    public static synchronized void stop() {
        if (!inProcess()) {
            throw new IllegalStateException("only the in-process MongoDB can be stopped by a test");
        }
        server.shutdownNow();
    }

    /** Serves the same data on the same port again. */
    public static synchronized void restart() {
        if (!inProcess()) {
            throw new IllegalStateException("only the in-process MongoDB can be restarted by a test");
        }
        server = new MongoServer(DATA);
        server.bind(address.getHostString(), address.getPort());
    }

    /** A server shutdown closes its backend; this one keeps its databases for the next server. */
    private static final class RestartableMemoryBackend extends MemoryBackend {
        @Override
        public void close() {
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static String startContainer(String image) {
        MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mongo"));
        container.start();
        return container.getConnectionString();
    }
}

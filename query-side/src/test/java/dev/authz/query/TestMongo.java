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
    private static String uri;

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
        InetSocketAddress address = new MongoServer(new MemoryBackend()).bind();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static String startContainer(String image) {
        MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mongo"));
        container.start();
        return container.getConnectionString();
    }
}

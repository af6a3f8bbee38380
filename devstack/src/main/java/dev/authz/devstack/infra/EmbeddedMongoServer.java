package dev.authz.devstack.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An in-process server speaking the MongoDB wire protocol (mongo-java-server): the read-model store.
 * Persistent on an H2 file for the local run, in memory for tests; either way its data outlives
 * {@link #stop()}/{@link #start()}, as a real mongod's would, so fault tests can take it away and bring it back.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private final int port;
    private final Supplier<MongoBackend> backends;
    private final Runnable discardData;
    private MongoServer server;

    private EmbeddedMongoServer(int port, Supplier<MongoBackend> backends, Runnable discardData) {
        this.port = port;
        this.backends = backends;
        this.discardData = discardData;
    }

    /** Keeps the data in {@code <dir>/mongo.mv}; each start reopens that file. */
    public static EmbeddedMongoServer persistent(Path dir, int port) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String file = dir.resolve("mongo.mv").toString();
        // A 256 MB page cache instead of H2's 16 MB default: random reads over a large read model (pages of a
        // 100k-member group) otherwise go back to the file for most documents.
        return new EmbeddedMongoServer(port,
                () -> new H2Backend(new MVStore.Builder().fileName(file).cacheSize(256).open()), () -> { });
    }

    /** Keeps the data in memory, for as long as this object lives. */
    public static EmbeddedMongoServer inMemory(int port) {
        RestartableMemoryBackend backend = new RestartableMemoryBackend();
        return new EmbeddedMongoServer(port, () -> backend, backend::discard);
    }

    public synchronized void start() {
        if (server == null) {
            MongoServer starting = new MongoServer(backends.get());
            try {
                starting.bind("127.0.0.1", port);
            } catch (Exception e) { // netty rethrows the checked BindException undeclared
                starting.shutdownNow();
                throw new IllegalStateException("the MongoDB-wire server cannot listen on 127.0.0.1:" + port, e);
            }
            server = starting;
        }
    }

    /** Stops listening and cuts every client connection, like a crashed or stopped mongod. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
        discardData.run();
    }

    /** A server shutdown closes its backend; this one keeps its databases until it is discarded. */
    private static final class RestartableMemoryBackend extends MemoryBackend {
        @Override
        public void close() {
        }

        void discard() {
            super.close();
        }
    }
}

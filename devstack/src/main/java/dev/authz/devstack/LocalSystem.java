package dev.authz.devstack;

import dev.authz.devstack.infra.EmbeddedKafkaBroker;
import dev.authz.devstack.infra.EmbeddedMongoServer;
import dev.authz.devstack.infra.EmbeddedPostgresServer;
import dev.authz.devstack.infra.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine: PostgreSQL, Kafka and MongoDB embedded, then the command side, the query
 * side and the gateway as child processes wired to them. Used by the one-command local run and by
 * end-to-end tests, which also reach into each piece to stop, kill or restart it.
 *
 * <p>The environment variables set here are the contract with the service modules.
 */
public final class LocalSystem implements AutoCloseable {

    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final DevPool pool;
    private final Consumer<String> progress;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;
    private final String eventsTopic;
    /** Null when the read models live in an external MongoDB ({@link Builder#externalMongo}). */
    private final EmbeddedMongoServer mongo;
    private final String mongoUri;
    private final ServiceProcess commandSide;
    /** The first serves the gateway's reads and the command side's read-your-writes waits; all consume the topic. */
    private final List<ServiceProcess> querySides;
    private final ServiceProcess gateway;
    private final String internalToken = randomToken();
    private final boolean infrastructureOnly;

    private LocalSystem(Builder builder) {
        ServiceJars jars = builder.repoRoot != null ? new ServiceJars(builder.repoRoot) : ServiceJars.locate();
        // Resolve every jar before anything starts: a missing build fails in a second, not after the databases.
        Path commandSideJar = jars.commandSide();
        Path querySideJar = jars.querySide();
        Path gatewayJar = jars.gateway();

        boolean ephemeral = builder.ephemeral;
        this.deleteDataOnClose = builder.dataDir == null;
        this.dataDir = deleteDataOnClose ? createTempDir() : builder.dataDir.toAbsolutePath();
        this.progress = builder.progress;
        this.infrastructureOnly = builder.infrastructureOnly;

        this.pool = ephemeral ? DevPool.loadOrCreate(dataDir) : DevPool.resolve(System.getenv("AUTHZ_USER_POOLS"), dataDir);
        this.postgres = new EmbeddedPostgresServer(dataDir.resolve("postgres"), FreePorts.next());
        this.kafka = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), FreePorts.next(), FreePorts.next());
        this.eventsTopic = builder.eventsTopic;
        if (builder.externalMongoUri != null) {
            this.mongo = null;
        } else {
            this.mongo = ephemeral || builder.readModelInMemory ? EmbeddedMongoServer.inMemory(FreePorts.next())
                    : EmbeddedMongoServer.persistent(dataDir.resolve("mongo"), FreePorts.next());
        }
        this.mongoUri = builder.externalMongoUri != null ? builder.externalMongoUri : mongo.uri();

        int commandPort = portOrDefault(builder.commandSidePort, 8081, ephemeral);
        int queryPort = portOrDefault(builder.querySidePort, 8082, ephemeral);
        int gatewayPort = portOrDefault(builder.gatewayPort, 8080, ephemeral);
        String commandUrl = "http://127.0.0.1:" + commandPort;
        String queryUrl = "http://127.0.0.1:" + queryPort;

        Map<String, String> common = Map.of(
                "AUTHZ_USER_POOLS", builder.extraUserPools.isBlank() ? pool.userPools()
                        : pool.userPools() + "," + builder.extraUserPools,
                "AUTHZ_INTERNAL_TOKEN", internalToken,
                "AUTHZ_EVENTS_TOPIC", builder.eventsTopic,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SERVER_ADDRESS", "127.0.0.1");
        this.commandSide = service("command-side", commandSideJar, commandPort, builder.echoServiceLogs, common, Map.of(
                "DATABASE_URL", postgres.jdbcUrl(),
                "DATABASE_USERNAME", EmbeddedPostgresServer.USERNAME,
                "DATABASE_PASSWORD", EmbeddedPostgresServer.PASSWORD,
                "AUTHZ_QUERY_SIDE_URL", queryUrl));
        Map<String, String> querySideEnvironment = Map.of(
                "MONGODB_URI", mongoUri,
                "MONGODB_DATABASE", "authz",
                "AUTHZ_COMMAND_SIDE_URL", commandUrl);
        List<ServiceProcess> querySideInstances = new ArrayList<>();
        querySideInstances.add(service("query-side", querySideJar, queryPort, builder.echoServiceLogs, common,
                querySideEnvironment));
        for (int instance = 2; instance <= builder.querySideInstances; instance++) {
            int port = ephemeral ? FreePorts.next() : queryPort + instance - 1;
            querySideInstances.add(service("query-side-" + instance, querySideJar, port, builder.echoServiceLogs,
                    common, querySideEnvironment));
        }
        this.querySides = List.copyOf(querySideInstances);
        this.gateway = service("gateway", gatewayJar, gatewayPort, builder.echoServiceLogs, common, Map.of(
                "AUTHZ_COMMAND_SIDE_URL", commandUrl,
                "AUTHZ_QUERY_SIDE_URL", queryUrl));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts everything in dependency order; returns once the gateway is healthy (with
     * {@link Builder#infrastructureOnly}: once the databases and Kafka are up). Stops what started on failure.
     */
    public LocalSystem start() {
        try {
            step("PostgreSQL", postgres::start);
            step("Kafka", kafka::start);
            if (mongo != null) {
                step("MongoDB", mongo::start);
            }
            if (infrastructureOnly) {
                ServiceEnvironments.write(dataDir, services());
                return this;
            }
            // The services do not need each other to start: start them side by side.
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            starting.add(CompletableFuture.runAsync(() -> step("command side", commandSide::start)));
            querySides.forEach(querySide -> starting.add(CompletableFuture.runAsync(
                    () -> step(querySide.name().replace('-', ' '), querySide::start))));
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            step("gateway", gateway::start);
            RunningSystem.write(dataDir, this);
            return this;
        } catch (Exception e) { // also what libraries rethrow undeclared (netty: BindException)
            close();
            if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Stops the services, then the infrastructure; deletes the data dir when it was a temp dir made here. */
    @Override
    public synchronized void close() {
        RunningSystem.forget(dataDir);
        ServiceEnvironments.forget(dataDir, services());
        gateway.stop();
        querySides.forEach(ServiceProcess::stop);
        commandSide.stop();
        if (mongo != null) {
            mongo.close();
        }
        kafka.close();
        postgres.close();
        if (deleteDataOnClose) {
            deleteRecursively(dataDir);
        }
    }

    public String gatewayUrl() {
        return gateway.url();
    }

    public String poolId() {
        return pool.poolId();
    }

    /** The shared secret of the services' {@code /internal/} endpoints (random per run). */
    public String internalToken() {
        return internalToken;
    }

    public String poolSecret() {
        return pool.secret();
    }

    public DevPool pool() {
        return pool;
    }

    public Path dataDir() {
        return dataDir;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    /** The public event topic the services use (docs/event-stream.md). */
    public String eventsTopic() {
        return eventsTopic;
    }

    /** The MongoDB holding the read models: the embedded one, or the external one the builder was given. */
    public String mongoUri() {
        return mongoUri;
    }

    /** The embedded MongoDB (fault tests stop and start it); fails when the builder was given an external one. */
    public EmbeddedMongoServer embeddedMongo() {
        if (mongo == null) {
            throw new IllegalStateException("this system uses an external MongoDB (" + mongoUri + ")");
        }
        return mongo;
    }

    /** The services, in start order. */
    public List<ServiceProcess> services() {
        List<ServiceProcess> services = new ArrayList<>();
        services.add(commandSide);
        services.addAll(querySides);
        services.add(gateway);
        return services;
    }

    public ServiceProcess commandSide() {
        return commandSide;
    }

    /** The query-side instance the gateway and the command side talk to. */
    public ServiceProcess querySide() {
        return querySides.get(0);
    }

    /** Every query-side instance ({@link Builder#querySideInstances}), the one {@link #querySide()} first. */
    public List<ServiceProcess> querySides() {
        return querySides;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    private ServiceProcess service(String name, Path jar, int port, boolean echo, Map<String, String> common,
                                   Map<String, String> own) {
        Map<String, String> environment = new HashMap<>(common);
        environment.putAll(own);
        environment.put("SERVER_PORT", String.valueOf(port));
        return new ServiceProcess(name, jar, port, environment, dataDir.resolve("logs").resolve(name + ".log"), echo);
    }

    private void step(String what, Runnable action) {
        long started = System.nanoTime();
        progress.accept("starting " + what + " ...");
        action.run();
        progress.accept(what + " is up (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    private static int portOrDefault(Integer configured, int fixedDefault, boolean ephemeral) {
        if (configured != null) {
            return configured;
        }
        return ephemeral ? FreePorts.next() : fixedDefault;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("authz-devstack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp dir
        }
    }

    public static final class Builder {
        private Path dataDir;
        private Path repoRoot;
        private Integer gatewayPort;
        private Integer commandSidePort;
        private Integer querySidePort;
        private int querySideInstances = 1;
        private boolean ephemeral;
        private boolean readModelInMemory;
        private boolean echoServiceLogs;
        private boolean infrastructureOnly;
        private String externalMongoUri;
        private String eventsTopic = "authz.events";
        private String extraUserPools = "";
        private Consumer<String> progress = message -> { };

        private Builder() {
        }

        /** Where data and logs live; never deleted here. Default: a temp dir, deleted on {@link LocalSystem#close()}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The repository holding the service jars. Default: see {@link ServiceJars#locate()}. */
        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        /** Default 8080 (a free random port when ephemeral). */
        public Builder gatewayPort(int port) {
            this.gatewayPort = port;
            return this;
        }

        /** Default 8081 (a free random port when ephemeral). */
        public Builder commandSidePort(int port) {
            this.commandSidePort = port;
            return this;
        }

        /** Default 8082 (a free random port when ephemeral). */
        public Builder querySidePort(int port) {
            this.querySidePort = port;
            return this;
        }

        /**
         * How many query-side processes consume the event topic (default 1). The first one serves the gateway's
         * reads and the command side's read-your-writes waits; the others, {@code query-side-2} ..., listen on the
         * next ports (random ones when ephemeral) and take their share of the topic's partitions, as scaled-out
         * instances behind a load balancer would.
         */
        public Builder querySideInstances(int instances) {
            if (instances < 1) {
                throw new IllegalArgumentException("at least one query-side instance");
            }
            this.querySideInstances = instances;
            return this;
        }

        /**
         * For tests: random free ports, MongoDB in memory, and a dev pool of the data dir's own (ignoring
         * {@code AUTHZ_USER_POOLS}). Combine with the default temp data dir for a system that leaves nothing behind.
         */
        public Builder ephemeral() {
            this.ephemeral = true;
            return this;
        }

        /**
         * Keep the read model (MongoDB) in memory instead of the H2 file: it is lost at exit, but several times
         * faster to fill (the H2 backend serializes every document with Java serialization). For benchmarks that
         * load millions of documents; the event store and Kafka stay on disk.
         */
        public Builder readModelInMemory(boolean inMemory) {
            this.readModelInMemory = inMemory;
            return this;
        }

        /**
         * Keep the read models in this MongoDB (e.g. a real MongoDB 7 for tests, {@code -Preal-mongo}) instead of the
         * embedded MongoDB-wire server. Nothing is started or stopped for it here.
         */
        public Builder externalMongo(String uri) {
            this.externalMongoUri = uri;
            return this;
        }

        /** Copy the services' output to our stdout too (it always goes to {@code <dataDir>/logs/<service>.log}). */
        public Builder echoServiceLogs(boolean echo) {
            this.echoServiceLogs = echo;
            return this;
        }

        public Builder eventsTopic(String topic) {
            this.eventsTopic = topic;
            return this;
        }

        /** More pools ({@code poolId:secret,...}) beside the development pool, e.g. for tenancy tests. */
        public Builder extraUserPools(String userPools) {
            this.extraUserPools = userPools;
            return this;
        }

        /**
         * Start PostgreSQL, Kafka and MongoDB only, and write each service's settings to
         * {@code <dataDir>/<service>.env}: for services run from an IDE or from their container images.
         */
        public Builder infrastructureOnly(boolean infrastructureOnly) {
            this.infrastructureOnly = infrastructureOnly;
            return this;
        }

        /** Receives one line per step while starting. */
        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public LocalSystem build() {
            return new LocalSystem(this);
        }
    }
}

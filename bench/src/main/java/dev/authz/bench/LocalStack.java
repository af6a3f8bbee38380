package dev.authz.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code --local}: the whole system from {@code devstack/target/devstack.jar}, as a child process on a temp data
 * dir (or {@code --data-dir}), a free gateway port and its own generated pool. A child process rather than
 * LocalSystem in this JVM: the devstack artifact is a repackaged Spring Boot jar that cannot be compiled against,
 * and a separate JVM keeps the embedded Kafka and MongoDB out of the load generator's heap and GC pauses.
 * The services' heap is passed down as {@code AUTHZ_SERVICE_XMX}.
 */
final class LocalStack implements AutoCloseable {
    // Generous: on a crowded machine the services alone can take minutes (see AUTHZ_SERVICE_READY_SECONDS).
    private static final long START_TIMEOUT_SECONDS = 900;

    private final Process process;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String url;
    private final String poolId;
    private final String secret;
    private final Properties services;

    private LocalStack(Process process, Path dataDir, boolean deleteOnClose, String url, String poolId, String secret,
                       Properties services) {
        this.process = process;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.url = url;
        this.poolId = poolId;
        this.secret = secret;
        this.services = services;
    }

    /** Caller's variables devstack does not get: it makes its own dev pool and takes the port the bench picks. */
    static final List<String> NOT_INHERITED = List.of("AUTHZ_USER_POOLS", "AUTHZ_PORT");

    /** Extra JVM options of devstack itself, after the bench's own (a later -XX flag wins): for experiments. */
    static final String DEVSTACK_JAVA_OPTIONS = "AUTHZ_BENCH_DEVSTACK_JAVA_OPTIONS";

    /**
     * Devstack's collector. It runs the Kafka broker and the MongoDB-wire server, so one of its pauses stalls the
     * whole write → read pipeline at once. With the in-memory read model it holds gigabytes of live data: G1 with
     * the pause goal Kafka's own start scripts set (kafka-run-class.sh: {@code MaxGCPauseMillis=20},
     * {@code InitiatingHeapOccupancyPercent=35}) instead of G1's default 200 ms, whose young pauses took 60-420 ms
     * (2026-12-06, 1.7 GB live). Pauses are logged to {@code logs/devstack-gc.log} in the data dir.
     */
    static List<String> devstackGc(boolean readModelInMemory, Path dataDir) {
        List<String> options = new ArrayList<>(readModelInMemory
                ? List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35")
                : List.of("-XX:+UseSerialGC"));
        options.add("-Xlog:gc:file=" + dataDir.resolve("logs").resolve("devstack-gc.log") + ":uptime");
        return options;
    }

    static List<String> javaOptions(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    static LocalStack start(BenchOptions options) {
        Path requestedDataDir = options.localDataDir();
        String serviceXmx = options.serviceXmx();
        Path repo = repoRoot();
        Path jar = repo.resolve("devstack/target/devstack.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with mvn -B -DskipTests install first");
        }
        int gatewayPort = freePort();
        Path dataDir;
        try {
            dataDir = requestedDataDir != null ? Files.createDirectories(requestedDataDir.toAbsolutePath())
                    : Files.createTempDirectory("authz-bench-");
            Files.createDirectories(dataDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Run from copies: a jar rebuilt under a running service breaks it (NoClassDefFoundError on lazy loads),
        // and on a shared working tree someone else's mvn install can do that in the middle of a run.
        Path snapshot = snapshotJars(repo, dataDir.resolve("jars"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.devstackXmx()));
        command.addAll(devstackGc(options.readModelInMemory(), dataDir));
        command.addAll(javaOptions(System.getenv(DEVSTACK_JAVA_OPTIONS)));
        command.addAll(List.of("-Dauthz.repoRoot=" + snapshot, "-jar",
                snapshot.resolve("devstack/target/devstack.jar").toString(),
                "--port", String.valueOf(gatewayPort), "--service-ports", freePort() + "," + freePort(),
                "--data-dir", dataDir.toString()));
        if (options.readModelInMemory()) {
            command.add("--read-model-in-memory");
        }
        if (options.querySides() > 1) {
            command.addAll(List.of("--query-sides", String.valueOf(options.querySides())));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        NOT_INHERITED.forEach(builder.environment()::remove);
        if (serviceXmx != null) {
            builder.environment().put("AUTHZ_SERVICE_XMX", serviceXmx);
        }
        Progress.say("starting the local system: devstack on port " + gatewayPort + ", services' heap "
                + (serviceXmx == null ? "devstack's default" : "-Xmx" + serviceXmx) + ", data in " + dataDir);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
        // Until start() returns, nobody else holds this process: a bench killed meanwhile must not leave devstack
        // (and the services it started) running. SIGTERM lets devstack's own shutdown hook stop its services.
        Process starting = process;
        Thread stopIfKilledWhileStarting = new Thread(starting::destroy, "bench-stop-starting-devstack");
        Runtime.getRuntime().addShutdownHook(stopIfKilledWhileStarting);
        CountDownLatch running = new CountDownLatch(1);
        copyOutput(process.getInputStream(), dataDir.resolve("devstack-console.log"), running);
        LocalStack stack = new LocalStack(process, dataDir, requestedDataDir == null,
                "http://127.0.0.1:" + gatewayPort, null, null, new Properties());
        try {
            boolean up = running.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // devstack.properties is written once everything is healthy (an exiting devstack may still be alive)
            if (!up || !process.isAlive() || !Files.exists(dataDir.resolve("devstack.properties"))) {
                stack.close();
                throw new IllegalStateException("devstack did not start (see its output above, and the service logs in "
                        + dataDir.resolve("logs") + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.close();
            throw new IllegalStateException(e);
        }
        Properties pool = new Properties();
        Properties services = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("dev-pool.properties"));
             InputStream system = Files.newInputStream(dataDir.resolve("devstack.properties"))) {
            pool.load(in);
            services.load(system);
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().removeShutdownHook(stopIfKilledWhileStarting); // the caller's hook takes over
        return new LocalStack(process, dataDir, requestedDataDir == null, stack.url, pool.getProperty("poolId"),
                pool.getProperty("secret"), services);
    }

    String url() {
        return url;
    }

    String poolId() {
        return poolId;
    }

    String secret() {
        return secret;
    }

    /** The query side's own address and the internal token (devstack's devstack.properties), for the rebuild. */
    String querySideUrl() {
        return services.getProperty("querySideUrl");
    }

    String internalToken() {
        return services.getProperty("internalToken");
    }

    Path dataDir() {
        return dataDir;
    }

    /** SIGTERM to devstack, whose shutdown hook stops the services and the databases; SIGKILL after 90 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            Progress.say("stopping the local system ...");
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    descendants.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            Progress.say("local system stopped");
        }
        if (deleteOnClose) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // best effort: a temp dir
            }
        }
    }

    private static void copyOutput(InputStream output, Path logFile, CountDownLatch running) {
        Thread copier = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                 PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    log.println(line);
                    // devstack's own progress lines ("HH:mm:ss  starting ..."), not the embedded servers' logs
                    if (running.getCount() > 0 && (line.matches("\\d\\d:\\d\\d:\\d\\d  .*")
                            || line.contains("could not start"))) {
                        System.out.println("  [devstack] " + line.strip());
                    }
                    if (line.contains("authz is running")) {
                        running.countDown();
                    }
                }
            } catch (IOException e) {
                // devstack is gone
            }
            running.countDown(); // exited: let start() see it
        }, "bench-devstack-output");
        copier.setDaemon(true);
        copier.start();
    }

    /** Copies devstack's and the services' jars to {@code <dir>/<module>/target/<module>.jar}; returns dir. */
    private static Path snapshotJars(Path repo, Path dir) {
        for (String module : List.of("devstack", "command-side", "query-side", "gateway")) {
            Path source = repo.resolve(module).resolve("target").resolve(module + ".jar");
            if (!Files.isRegularFile(source)) {
                throw new IllegalStateException(source + " is missing: build with mvn -B -DskipTests install first");
            }
            try {
                Path target = Files.createDirectories(dir.resolve(module).resolve("target")).resolve(module + ".jar");
                Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy " + source, e);
            }
        }
        return dir;
    }

    private static Path repoRoot() {
        String configured = System.getProperty("authz.repoRoot");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("devstack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the repository (or pass -Dauthz.repoRoot=DIR)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

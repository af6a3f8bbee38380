package dev.authz.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One service ({@code java -jar <jar>}) as a child process: its output goes to a log file, {@link #start()}
 * returns once its health endpoint answers, and it can be stopped gracefully or killed (fault tests do both).
 */
public final class ServiceProcess {

    /**
     * How long a service may take to answer its health check: {@code -Dauthz.service.ready-seconds=600} or
     * {@code AUTHZ_SERVICE_READY_SECONDS=600} on a crowded machine, else 300 s (a
     * healthy service starts in 20-40 s, but on a 2-core machine shared with builds it took over 120 s).
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.parseLong(System.getProperty(
            "authz.service.ready-seconds", Objects.requireNonNullElse(System.getenv("AUTHZ_SERVICE_READY_SECONDS"),
                    "300"))));
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /**
     * The services' maximum heap: {@code -Dauthz.service.xmx=1g} or {@code AUTHZ_SERVICE_XMX=1g}, else 230m: what the
     * container images give a 512 MiB container (45 %; ADR 0015).
     */
    static final String DEFAULT_XMX = "230m";
    /** Besides the heap, the non-heap limits of the container images (jib jvmFlags in the root pom.xml). */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx" + serviceXmx(), "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k");
    /** The images' periodic trim of the native heap; only JDKs from 17.0.9 / 21.0.1 on know the flag. */
    private static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=30000";
    /** The images' environment (jib environment in the root pom.xml) that shapes native memory, unless set here. */
    private static final Map<String, String> NATIVE_MEMORY_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** Children still running; a shutdown hook ends them so that none outlives this JVM. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::endAllChildren, "devstack-children"));
    }

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private final boolean echo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile Process process;
    private Thread outputCopier;

    /**
     * @param environment the child's environment on top of ours; must include what makes it listen on {@code port}
     * @param echo also copy the child's output to our stdout, each line prefixed with {@code [name]}
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile, boolean echo) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.echo = echo;
    }

    /** Starts the service and waits until {@code /actuator/health} answers 200. */
    /** What the service is started with besides its jar: the settings a container of it would get. */
    public Map<String, String> environment() {
        return environment;
    }

    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        // Otherwise the health check below could be answered by whoever holds the port.
        requirePortFree();
        try {
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            if (knowsTrimNativeHeap(Runtime.version())) {
                command.add(TRIM_NATIVE_HEAP);
            }
            // Like the images: a service out of heap exits instead of limping on; here it leaves a dump beside its log.
            command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+HeapDumpOnOutOfMemoryError",
                    "-XX:HeapDumpPath=" + logFile.toAbsolutePath().getParent()));
            command.addAll(extraJvmOptions());
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            NATIVE_MEMORY_ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
            builder.environment().putAll(environment);
            Files.writeString(logFile, "=== " + Instant.now() + " starting " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
            LIVE.add(process);
            outputCopier = startCopyingOutput(process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar, e);
        }
        awaitHealthy();
    }

    /** SIGTERM, so the service shuts down gracefully; killed if it takes longer than 20 s. */
    public synchronized void stop() {
        if (process != null) {
            // Through the handle: Process.destroy() would also close our end of its output and lose the last lines.
            process.toHandle().destroy();
            waitForExit(process, STOP_GRACE);
            afterExit();
        }
    }

    /** SIGKILL: the service gets no chance to clean up, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.toHandle().destroyForcibly();
            waitForExit(process, STOP_GRACE);
            afterExit();
        }
    }

    /**
     * SIGKILL now, without waiting for a {@link #start()} in progress on another thread to finish (that start then
     * fails): for fault tests that crash a service while it is busy starting, e.g. catching up on a backlog.
     * Returns once the process is gone, so that a {@link #start()} right after it starts a new one.
     */
    public void killWhileStarting() {
        Process running = process;
        if (running != null) {
            running.toHandle().destroyForcibly();
            try {
                running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets the last output reach the log file, so that it is complete once stop() or kill() returns. */
    private void afterExit() {
        try {
            outputCopier.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        outputCopier = null;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log file, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    private void awaitHealthy() {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int status = process.exitValue();
                kill(); // already dead: this only collects its last output
                throw failure("exited with status " + status + " while starting");
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(250));
        }
        kill();
        throw failure("was not healthy within " + READY_TIMEOUT.toSeconds() + " s, so it was killed");
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(name + " " + what + " (port " + port + "). Last lines of " + logFile + ":"
                + System.lineSeparator() + logTail(40));
    }

    private void requirePortFree() {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": port " + port + " is already in use", e);
        }
    }

    private Thread startCopyingOutput(Process child) {
        Thread copier = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 PrintStream log = new PrintStream(Files.newOutputStream(logFile, StandardOpenOption.APPEND), true,
                         StandardCharsets.UTF_8)) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    log.println(line);
                    if (echo) {
                        System.out.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the child is gone; nothing more to copy
            }
        }, "devstack-" + name + "-output");
        copier.setDaemon(true);
        copier.start();
        return copier;
    }

    private static void waitForExit(Process child, Duration grace) {
        try {
            if (!child.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                child.toHandle().destroyForcibly();
                child.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            child.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(child);
        }
    }

    /** Asks every child to stop at once, then waits for each, so that shutdown takes one grace period at most. */
    private static void endAllChildren() {
        List<Process> children = List.copyOf(LIVE);
        children.forEach(child -> child.toHandle().destroy());
        children.forEach(child -> waitForExit(child, STOP_GRACE));
    }

    /**
     * {@code AUTHZ_SERVICE_JAVA_OPTIONS}: more JVM flags for every service, after ours, so that they win (the JVM
     * takes the last of a repeated flag; {@code JAVA_TOOL_OPTIONS} comes before the command line and cannot
     * override it). For experiments, e.g. {@code -XX:ReservedCodeCacheSize=240m} or {@code -Xlog:gc}.
     */
    static List<String> extraJvmOptions() {
        String configured = System.getenv("AUTHZ_SERVICE_JAVA_OPTIONS");
        return configured == null || configured.isBlank() ? List.of() : List.of(configured.trim().split("\\s+"));
    }

    /** Children run on this JVM's {@code java.home}, so its version says whether they accept the trim flag. */
    static boolean knowsTrimNativeHeap(Runtime.Version version) {
        int feature = version.feature();
        return feature >= 22 || (feature == 21 && version.update() >= 1) || (feature == 17 && version.update() >= 9);
    }

    static String serviceXmx() {
        String configured = System.getProperty("authz.service.xmx", System.getenv("AUTHZ_SERVICE_XMX"));
        if (configured == null || configured.isBlank()) {
            return DEFAULT_XMX;
        }
        String value = configured.trim();
        if (!value.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("AUTHZ_SERVICE_XMX / authz.service.xmx must look like 384m or 1g, not " + value);
        }
        return value;
    }

    /** Sleeps; an interrupt ends it early and stays set for the caller to see. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

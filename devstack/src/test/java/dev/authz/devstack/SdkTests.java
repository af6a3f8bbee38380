package dev.authz.devstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands in {@code sdk-tests/} (the official authing-node-sdk@4.0.1 and our scripts around it) against a
 * running system. Needs Node 20 and npm on the PATH; installs the SDK with {@code npm ci} on first use.
 */
final class SdkTests {
    static final Path DIR = ServiceJars.locate().repoRoot().resolve("sdk-tests");

    private SdkTests() {
    }

    /** A command in sdk-tests/ with the SDK's environment for one pool of the system. */
    record Command(List<String> command, Map<String, String> environment) {
        static Command of(List<String> command, String host, String poolId, String poolSecret) {
            return new Command(command, Map.of("AUTHING_SDK_TEST_HOST", host, "AUTHING_SDK_TEST_ACCESS_KEY_ID", poolId,
                    "AUTHING_SDK_TEST_ACCESS_KEY_SECRET", poolSecret));
        }

        Command with(Map<String, String> more) {
            Map<String, String> all = new java.util.HashMap<>(environment);
            all.putAll(more);
            return new Command(command, Map.copyOf(all));
        }
    }

    /** {@code npm ci} unless the SDK is installed already. */
    static void install() {
        requireNode();
        if (!Files.isDirectory(DIR.resolve("node_modules/authing-node-sdk"))) {
            int status = run(new Command(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of()),
                    Duration.ofMinutes(10), System.out::println);
            if (status != 0) {
                throw new AssertionError("npm ci in " + DIR + " failed with status " + status);
            }
        }
    }

    /** Runs the command, handing every line of its output (stdout and stderr) to {@code lines}; its exit status. */
    static int run(Command command, Duration timeout, Consumer<String> lines) {
        // Not inheritIO(): the forked test JVM's stdin/stdout are surefire's channel to Maven. The child's output
        // goes to the consumer, and it gets no stdin.
        ProcessBuilder builder = new ProcessBuilder(command.command()).directory(DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(command.environment());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            Thread pump = new Thread(() -> copyLines(process, lines), "sdk-tests-output");
            pump.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command.command()) + " did not finish in " + timeout);
            }
            pump.join(10_000);
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyLines(Process process, Consumer<String> lines) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            output.lines().forEach(lines);
        } catch (IOException | UncheckedIOException e) {
            lines.accept("[sdk tests] output lost: " + e);
        }
    }

    /** Fails early and clearly when Node is missing, instead of an obscure IOException. */
    private static void requireNode() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean hasNode = java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "node")));
        if (!hasNode) {
            throw new IllegalStateException("Node 20 and npm are needed for the SDK tests (see README)");
        }
    }
}

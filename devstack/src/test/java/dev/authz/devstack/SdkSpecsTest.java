package dev.authz.devstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official authing-node-sdk@4.0.1, a client nobody here wrote, against the running system: its own spec
 * files for the areas built so far, then our SDK scenarios (sdk-tests/). Needs Node 20 and npm on the PATH;
 * installs the SDK with {@code npm ci} on first use.
 */
class SdkSpecsTest {
    /** The SDK spec folders this product implements. */
    private static final List<String> AREAS = List.of("groups", "namespace", "roles", "department", "organizations",
            "resource", "users");
    private static final Path SDK_TESTS = ServiceJars.locate().repoRoot().resolve("sdk-tests");
    private static LocalSystem system;

    @BeforeAll
    static void install() throws Exception {
        system = SystemUnderTest.get();
        if (!Files.isDirectory(SDK_TESTS.resolve("node_modules/authing-node-sdk"))) {
            assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"))).as("npm ci in " + SDK_TESTS).isZero();
        }
    }

    @Test
    void theSdksOwnSpecsPass() throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "run-sdk-specs.sh"));
        command.addAll(AREAS);
        assertThat(run(command)).as("SDK specs " + AREAS + ": see the output above and sdk-tests/reports").isZero();
    }

    @Test
    void ourSdkScenariosPass() throws Exception {
        assertThat(run(List.of("bash", "run-scenarios.sh"))).as("SDK scenarios: see sdk-tests/reports").isZero();
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        // Not inheritIO(): the forked test JVM's stdin/stdout are surefire's channel to Maven. The child's output
        // goes through System.out (captured in the test's report), and it gets no stdin.
        ProcessBuilder builder = new ProcessBuilder(command).directory(SDK_TESTS.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AUTHING_SDK_TEST_HOST", system.gatewayUrl());
        env.put("AUTHING_SDK_TEST_ACCESS_KEY_ID", system.poolId());
        env.put("AUTHING_SDK_TEST_ACCESS_KEY_SECRET", system.poolSecret());
        env.put("AUTHING_SDK_TEST_POOL_B_ID", SystemUnderTest.POOL_B_ID);
        env.put("AUTHING_SDK_TEST_POOL_B_SECRET", SystemUnderTest.POOL_B_SECRET);
        Process process = builder.start();
        process.getOutputStream().close();
        Thread pump = new Thread(() -> copy(process.getInputStream()), "sdk-test-output");
        pump.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 15 minutes");
        }
        pump.join(10_000);
        return process.exitValue();
    }

    private static void copy(java.io.InputStream output) {
        try (output) {
            output.transferTo(System.out);
        } catch (IOException e) {
            System.out.println("[sdk tests] output lost: " + e);
        }
    }

    static {
        // Fail early and clearly when Node is missing, instead of an obscure IOException.
        String path = System.getenv().getOrDefault("PATH", "");
        boolean hasNode = java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "node")));
        if (!hasNode) {
            throw new IllegalStateException("Node 20 and npm are needed for the SDK tests (see README)");
        }
    }
}

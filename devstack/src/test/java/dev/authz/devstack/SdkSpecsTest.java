package dev.authz.devstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private static LocalSystem system;

    @BeforeAll
    static void install() {
        system = SystemUnderTest.get();
        SdkTests.install();
    }

    @Test
    void theSdksOwnSpecsPass() {
        List<String> command = new ArrayList<>(List.of("bash", "run-sdk-specs.sh"));
        command.addAll(AREAS);
        assertThat(run(command)).as("SDK specs " + AREAS + ": see the output above and sdk-tests/reports").isZero();
    }

    @Test
    void ourSdkScenariosPass() {
        assertThat(run(List.of("bash", "run-scenarios.sh"))).as("SDK scenarios: see sdk-tests/reports").isZero();
    }

    private static int run(List<String> command) {
        return SdkTests.run(SdkTests.Command.of(command, system.gatewayUrl(), system.poolId(), system.poolSecret())
                .with(Map.of("AUTHING_SDK_TEST_POOL_B_ID", SystemUnderTest.POOL_B_ID,
                        "AUTHING_SDK_TEST_POOL_B_SECRET", SystemUnderTest.POOL_B_SECRET)),
                Duration.ofMinutes(15), System.out::println);
    }
}

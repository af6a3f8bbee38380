package dev.authz.devstack;

/**
 * The whole system, started once per test JVM on random ports and temp dirs, for end-to-end tests:
 * {@code LocalSystem system = SystemUnderTest.get();}. It is stopped, and its data deleted, when the JVM exits.
 * Needs the service jars: build with {@code mvn -B -DskipTests package} first (a reactor build does).
 *
 * <p>Fault tests that stop or kill a piece must bring it back before they finish: the next test shares it.
 */
public final class SystemUnderTest {

    private static LocalSystem system;

    private SystemUnderTest() {
    }

    public static synchronized LocalSystem get() {
        if (system == null) {
            long started = System.nanoTime();
            LocalSystem starting = LocalSystem.builder()
                    .ephemeral()
                    .progress(message -> System.out.println("[system under test] " + message))
                    .build()
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(starting::close, "system-under-test-stop"));
            System.out.println("[system under test] ready in " + (System.nanoTime() - started) / 1_000_000 + " ms at "
                    + starting.gatewayUrl() + ", logs in " + starting.dataDir().resolve("logs"));
            system = starting;
        }
        return system;
    }
}

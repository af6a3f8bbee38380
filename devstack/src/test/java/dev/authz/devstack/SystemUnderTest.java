package dev.authz.devstack;

import dev.authz.kit.client.SignedClient;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The whole system, started once per test JVM on random ports and temp dirs, for end-to-end tests:
 * {@code LocalSystem system = SystemUnderTest.get();}. It is stopped, and its data deleted, when the JVM exits.
 * Needs the service jars: build with {@code mvn -B -DskipTests package} first (a reactor build does).
 *
 * <p>Fault tests that stop or kill a piece must bring it back before they finish: the next test shares it.
 */
public final class SystemUnderTest {

    /** A second user pool, for tenancy tests. */
    public static final String POOL_B_ID = "pool-b-under-test";
    public static final String POOL_B_SECRET = "pool-b-secret-under-test";
    /** A pool only the audit test writes to: its audit log holds exactly that test's writes. */
    public static final String AUDIT_POOL_ID = "pool-audit-under-test";
    public static final String AUDIT_POOL_SECRET = "pool-audit-secret-under-test";

    /** Set by {@code -Preal-mongo} (e.g. {@code mongo:7}): the read models live in that MongoDB, in a container. */
    static final String MONGO_IMAGE_PROPERTY = "authz.test.mongo-image";
    /** A pool only the hostile-input test uses: its lists must not change while thousands of bad requests arrive. */
    public static final String HOSTILE_POOL_ID = "pool-hostile-under-test";
    public static final String HOSTILE_POOL_SECRET = "pool-hostile-secret-under-test";

    private static LocalSystem system;

    private SystemUnderTest() {
    }

    /** A client of the system's development pool, signing like the SDK. */
    public static SignedClient client() {
        LocalSystem system = get();
        return new SignedClient(system.gatewayUrl(), system.poolId(), system.poolSecret());
    }

    public static synchronized LocalSystem get() {
        if (system == null) {
            long started = System.nanoTime();
            LocalSystem.Builder builder = LocalSystem.builder()
                    .ephemeral()
                    .extraUserPools(POOL_B_ID + ":" + POOL_B_SECRET + "," + AUDIT_POOL_ID + ":" + AUDIT_POOL_SECRET
                            + "," + HOSTILE_POOL_ID + ":" + HOSTILE_POOL_SECRET)
                    .progress(message -> System.out.println("[system under test] " + message));
            String mongoImage = System.getProperty(MONGO_IMAGE_PROPERTY, "");
            if (!mongoImage.isBlank()) {
                @SuppressWarnings("resource") // Testcontainers' reaper stops it when this JVM exits
                MongoDBContainer mongo = new MongoDBContainer(
                        DockerImageName.parse(mongoImage).asCompatibleSubstituteFor("mongo"));
                mongo.start();
                builder.externalMongo(mongo.getConnectionString());
            }
            LocalSystem starting = builder.build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(starting::close, "system-under-test-stop"));
            System.out.println("[system under test] ready in " + (System.nanoTime() - started) / 1_000_000 + " ms at "
                    + starting.gatewayUrl() + ", logs in " + starting.dataDir().resolve("logs"));
            system = starting;
        }
        return system;
    }
}

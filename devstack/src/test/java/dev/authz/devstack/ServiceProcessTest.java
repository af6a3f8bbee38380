package dev.authz.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authz.devstack.infra.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    static Path dir;
    private static Path jar;

    /** A jar with only a manifest: it runs {@link FakeService} from this module's test classes. */
    @BeforeAll
    static void buildFakeServiceJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        jar = dir.resolve("fake-service.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is all there is
        }
    }

    @Test
    void startsUntilHealthyStopsGracefullyAndCanBeKilledAndRestarted() throws IOException {
        int port = FreePorts.next();
        ServiceProcess service = new ServiceProcess("fake", jar, port, Map.of("SERVER_PORT", String.valueOf(port)),
                dir.resolve("logs/fake.log"), false);

        service.start();
        assertThat(service.isAlive()).isTrue();

        service.kill();
        assertThat(service.isAlive()).isFalse();

        service.start();
        service.stop();
        assertThat(service.isAlive()).isFalse();
        assertThat(Files.readString(service.logFile()))
                .contains("fake service up")
                .contains("fake service stopping gracefully");
    }

    @Test
    void failsWithTheLogTailWhenTheServiceDies() {
        int port = FreePorts.next();
        ServiceProcess service = new ServiceProcess("broken", jar, port,
                Map.of("SERVER_PORT", String.valueOf(port), "FAIL_WITH", "no database"), dir.resolve("logs/broken.log"), false);

        assertThatThrownBy(service::start)
                .hasMessageContaining("broken exited with status 1")
                .hasMessageContaining("APPLICATION FAILED TO START: no database");
    }
}

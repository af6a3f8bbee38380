package dev.authz.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authz.devstack.infra.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The local run measures what ships: the images' non-heap limits and malloc setting (jib in the root pom). */
    @Test
    void startsServicesWithTheContainerImagesMemorySettings() throws IOException {
        String pom = Files.readString(ServiceJars.locate().repoRoot().resolve("pom.xml"));
        List<String> imageFlags = Pattern.compile("<jvmFlag>(.+?)</jvmFlag>").matcher(pom).results()
                .map(match -> match.group(1))
                .filter(flag -> !flag.contains("RAMPercentage")) // the images size the heap from the container's memory
                .filter(flag -> ServiceProcess.knowsTrimNativeHeap(Runtime.version()) || !flag.contains("TrimNativeHeap"))
                .toList();
        Matcher arenas = Pattern.compile("<MALLOC_ARENA_MAX>(\\d+)</MALLOC_ARENA_MAX>").matcher(pom);
        assertThat(imageFlags).contains("-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m");
        assertThat(arenas.find()).as("MALLOC_ARENA_MAX in the images' environment").isTrue();
        int port = FreePorts.next();
        ServiceProcess service = new ServiceProcess("fake", jar, port, Map.of("SERVER_PORT", String.valueOf(port)),
                dir.resolve("logs/fake-memory.log"), false);

        service.start();
        service.stop();

        String log = Files.readString(service.logFile());
        String jvmLine = log.lines().filter(line -> line.startsWith("fake service jvm ")).findFirst().orElseThrow();
        assertThat(List.of(jvmLine.split(" "))).containsAll(imageFlags).contains("-Xmx" + ServiceProcess.serviceXmx());
        assertThat(log).contains("fake service env MALLOC_ARENA_MAX=" + arenas.group(1));
    }

    @Test
    void knowsWhichJdksTrimTheNativeHeap() {
        assertThat(ServiceProcess.knowsTrimNativeHeap(Runtime.Version.parse("17.0.15"))).isTrue();
        assertThat(ServiceProcess.knowsTrimNativeHeap(Runtime.Version.parse("17.0.9"))).isTrue();
        assertThat(ServiceProcess.knowsTrimNativeHeap(Runtime.Version.parse("17.0.8"))).isFalse();
        assertThat(ServiceProcess.knowsTrimNativeHeap(Runtime.Version.parse("21"))).isFalse();
        assertThat(ServiceProcess.knowsTrimNativeHeap(Runtime.Version.parse("21.0.1"))).isTrue();
        assertThat(ServiceProcess.knowsTrimNativeHeap(Runtime.Version.parse("23"))).isTrue();
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

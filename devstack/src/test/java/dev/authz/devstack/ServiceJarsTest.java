package dev.authz.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJarsTest {

    @TempDir
    Path repo;

    @Test
    void findsTheRepositoryAboveTheWorkingDirectory() {
        // Surefire runs in devstack/, one level below the root pom.
        assertThat(ServiceJars.locate().repoRoot().resolve("devstack")).isDirectory();
    }

    @Test
    void namesTheMissingJarAndHowToBuildIt() {
        assertThatThrownBy(() -> new ServiceJars(repo).commandSide())
                .hasMessageContaining(repo.resolve("command-side/target/command-side.jar").toString())
                .hasMessageContaining("mvn -B -DskipTests -pl command-side -am package");
    }

    @Test
    void findsABuiltJar() throws IOException {
        Path jar = repo.resolve("gateway/target/gateway.jar");
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);

        assertThat(new ServiceJars(repo).gateway()).isEqualTo(jar);
    }
}

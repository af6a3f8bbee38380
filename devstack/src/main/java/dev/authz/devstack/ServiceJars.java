package dev.authz.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the services' executable jars in the repository. They are run as separate processes, not loaded as
 * libraries: each is a Spring Boot fat jar with its own classpath, and the broker jars here must stay off it.
 */
public final class ServiceJars {

    public static final String REPO_ROOT_PROPERTY = "authz.repoRoot";

    private final Path repoRoot;

    public ServiceJars(Path repoRoot) {
        this.repoRoot = repoRoot;
    }

    /** The repository named by {@code -Dauthz.repoRoot}, else the nearest directory upwards holding the modules. */
    public static ServiceJars locate() {
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new ServiceJars(Path.of(configured).toAbsolutePath().normalize());
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("command-side"))) {
                return new ServiceJars(dir);
            }
        }
        throw new IllegalStateException("cannot find the authz repository above " + start
                + ": run from inside it or pass -D" + REPO_ROOT_PROPERTY + "=<path>");
    }

    public Path repoRoot() {
        return repoRoot;
    }

    public Path commandSide() {
        return jar("command-side");
    }

    public Path querySide() {
        return jar("query-side");
    }

    public Path gateway() {
        return jar("gateway");
    }

    /** {@code <module>/target/<module>.jar}, or a failure that says how to build it. */
    private Path jar(String module) {
        Path jar = repoRoot.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " jar not found at " + jar + ". Build it first, from "
                    + repoRoot + ": mvn -B -DskipTests -pl " + module + " -am package"
                    + "  (or everything: mvn -B -DskipTests package)");
        }
        return jar;
    }
}

package dev.authz.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <dataDir>/<service>.env} while an infrastructure-only devstack runs: the environment each service needs
 * to join it, one {@code NAME=value} per line (the {@code --env-file} format of container runtimes, and what an
 * IDE run configuration takes). Readable by its owner only: it holds the pool secrets and the internal token.
 */
final class ServiceEnvironments {
    private static final List<String> SERVICES = List.of("command-side", "query-side", "gateway");

    private ServiceEnvironments() {
    }

    static void write(Path dataDir, List<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            StringBuilder lines = new StringBuilder();
            new TreeMap<>(service.environment()).forEach((name, value) -> lines.append(name).append('=').append(value)
                    .append('\n'));
            Path file = fileOf(dataDir, service.name());
            try {
                Files.deleteIfExists(file);
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // best effort on other file systems
                }
                Files.writeString(file, lines);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
        }
    }

    static void forget(Path dataDir) {
        for (String service : SERVICES) {
            try {
                Files.deleteIfExists(fileOf(dataDir, service));
            } catch (IOException e) {
                // they only describe a system that is stopping
            }
        }
    }

    static Map<String, Path> files(Path dataDir) {
        Map<String, Path> files = new TreeMap<>();
        for (String service : SERVICES) {
            files.put(service, fileOf(dataDir, service));
        }
        return files;
    }

    private static Path fileOf(Path dataDir, String service) {
        return dataDir.resolve(service + ".env");
    }
}

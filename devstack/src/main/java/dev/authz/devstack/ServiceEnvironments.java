package dev.authz.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <dataDir>/<service>.env} while an infrastructure-only devstack runs: the environment each service needs
 * to join it, one {@code NAME=value} per line (the {@code --env-file} format of container runtimes, and what an
 * IDE run configuration takes). Readable by its owner only: it holds the pool secrets and the internal token.
 */
final class ServiceEnvironments {
    private ServiceEnvironments() {
    }

    static void write(Path dataDir, List<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            StringBuilder lines = new StringBuilder();
            new TreeMap<>(service.environment()).forEach((name, value) -> lines.append(name).append('=').append(value)
                    .append('\n'));
            OwnerOnlyFile.write(fileOf(dataDir, service), lines.toString());
        }
    }

    static void forget(Path dataDir, List<ServiceProcess> services) {
        for (ServiceProcess service : services) {
            try {
                Files.deleteIfExists(fileOf(dataDir, service));
            } catch (IOException e) {
                // they only describe a system that is stopping
            }
        }
    }

    static Map<String, Path> files(Path dataDir, List<ServiceProcess> services) {
        Map<String, Path> files = new TreeMap<>();
        services.forEach(service -> files.put(service.name(), fileOf(dataDir, service)));
        return files;
    }

    private static Path fileOf(Path dataDir, ServiceProcess service) {
        return dataDir.resolve(service.name() + ".env");
    }
}

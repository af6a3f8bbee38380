package dev.authz.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resident memory (RSS, from {@code /proc/<pid>/status}) of the three services of a {@code --local} system, sampled
 * once a second while a scenario runs. The services are found by their jar: devstack runs them from the snapshot in
 * {@code <data-dir>/jars/}, so another system on the same machine is never mistaken for ours.
 */
public final class ServiceMemory implements AutoCloseable {
    public static final List<String> SERVICES = List.of("command-side", "query-side", "gateway");

    private final Path jars;
    private final Map<String, Long> maxKib = new ConcurrentHashMap<>();
    private final Map<String, Long> lastKib = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ServiceMemory(Path jars) {
        this.jars = jars;
        this.sampler = new Thread(this::sampleEverySecond, "bench-rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Samples the services of the local system in {@code dataDir}; empty when the target is not local. */
    public static Optional<ServiceMemory> sample(Path dataDir) {
        return dataDir == null ? Optional.empty() : Optional.of(new ServiceMemory(dataDir.resolve("jars")));
    }

    private void sampleEverySecond() {
        while (running) {
            ProcessHandle.allProcesses().forEach(process -> {
                String commandLine = process.info().commandLine().orElse("");
                if (!commandLine.contains(jars.toString())) {
                    return;
                }
                serviceOf(commandLine).ifPresent(service -> rssKib(process.pid()).ifPresent(kib -> {
                    lastKib.put(service, kib);
                    maxKib.merge(service, kib, Math::max);
                }));
            });
            LoadRunner.sleep(java.time.Duration.ofSeconds(1));
        }
    }

    /** Which of the {@link #SERVICES} a process runs, by the jar on its command line. */
    static Optional<String> serviceOf(String commandLine) {
        return SERVICES.stream().filter(service -> commandLine.contains(service + ".jar")).findFirst();
    }

    private static Optional<Long> rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between listing and reading, or this is not Linux
        }
        return Optional.empty();
    }

    /** Highest RSS seen per service, in MiB (services never seen are missing). */
    public Map<String, Double> maxMib() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Long kib = maxKib.get(service);
            if (kib != null) {
                out.put(service, Stats.round(kib / 1024.0, 1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}

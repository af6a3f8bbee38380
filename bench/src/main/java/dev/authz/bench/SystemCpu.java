package dev.authz.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU time used by each process of a {@code --local} system: the three services, devstack itself (Kafka broker and
 * MongoDB-wire server run in it), its PostgreSQL, and this bench. Two snapshots around a phase give where a write's
 * CPU went, which is what says whether a rate fits the machine at all (docs/performance.md, "Where a write's CPU
 * goes"). Processes are found as in {@link ServiceMemory}: by the jars snapshot in {@code <data-dir>/jars/}.
 */
public final class SystemCpu {
    public static final String DEVSTACK = "devstack";
    public static final String POSTGRES = "postgres";
    public static final String BENCH = "bench";
    /** The JIT compiler threads of all those JVMs: already in their processes' figures, also reported alone. */
    public static final String JIT = "of which JIT";
    /** Clock ticks per second of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private final Path dataDir;
    private final Path jars;

    private SystemCpu(Path dataDir) {
        this.dataDir = dataDir;
        this.jars = dataDir.resolve("jars");
    }

    /** The processes of the local system in {@code dataDir}; empty when the target is not local. */
    public static Optional<SystemCpu> of(Path dataDir) {
        return dataDir == null ? Optional.empty() : Optional.of(new SystemCpu(dataDir));
    }

    /** Total CPU time so far per process group (a group's processes added up). */
    public Map<String, Duration> snapshot() {
        Map<String, Duration> cpu = new TreeMap<>();
        ProcessHandle.current().info().totalCpuDuration().ifPresent(time -> cpu.put(BENCH, time));
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(jars.toString()))
                .filter(process -> process.info().commandLine().orElse("").contains("devstack.jar"))
                .forEach(devstack -> {
                    add(cpu, DEVSTACK, devstack);
                    devstack.descendants().filter(child -> !group(child).equals(POSTGRES))
                            .forEach(child -> add(cpu, group(child), child));
                });
        // pg_ctl detaches the postmaster from devstack; it is found by its data directory, its backends under it.
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("")
                        .contains(dataDir.resolve("postgres").toString()))
                .forEach(postmaster -> {
                    add(cpu, POSTGRES, postmaster);
                    postmaster.descendants().forEach(backend -> add(cpu, POSTGRES, backend));
                });
        return cpu;
    }

    private static String group(ProcessHandle process) {
        String commandLine = process.info().commandLine().orElse("");
        for (String service : ServiceMemory.SERVICES) {
            if (commandLine.contains(service + ".jar")) {
                return service;
            }
        }
        return commandLine.contains(POSTGRES) ? POSTGRES : DEVSTACK;
    }

    private static void add(Map<String, Duration> cpu, String group, ProcessHandle process) {
        process.info().totalCpuDuration().ifPresent(time -> cpu.merge(group, time, Duration::plus));
        if (!group.equals(POSTGRES)) {
            cpu.merge(JIT, compilerThreads(process.pid()), Duration::plus);
        }
    }

    /** CPU time of a JVM's "C1/C2 CompilerThread" threads, from /proc (zero where there is no /proc). */
    private static Duration compilerThreads(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        } catch (IOException | RuntimeException gone) {
            // a thread or the process ended while being read, or this is not Linux
        }
        return Duration.ofMillis(Math.round(ticks * 1000 / TICKS_PER_SECOND));
    }

    /**
     * Milliseconds of CPU per unit (e.g. per write) of each group between two snapshots, and {@code all}. A process
     * that ended in between (a PostgreSQL backend) is missing from the second snapshot: its group is left out
     * rather than given a negative share.
     */
    public static Map<String, Double> msPer(Map<String, Duration> before, Map<String, Duration> after, long units) {
        Map<String, Double> out = new LinkedHashMap<>();
        double all = 0;
        for (Map.Entry<String, Duration> group : after.entrySet()) {
            Duration used = group.getValue().minus(before.getOrDefault(group.getKey(), Duration.ZERO));
            if (units > 0 && !used.isNegative() && !group.getKey().equals(JIT)) {
                double ms = used.toNanos() / 1e6 / units;
                out.put(group.getKey(), Stats.round(ms, 2));
                all += ms;
            }
        }
        out.put("all", Stats.round(all, 2));
        Duration jit = after.getOrDefault(JIT, Duration.ZERO).minus(before.getOrDefault(JIT, Duration.ZERO));
        if (units > 0 && !jit.isNegative()) {
            out.put(JIT, Stats.round(jit.toNanos() / 1e6 / units, 2));
        }
        return out;
    }
}

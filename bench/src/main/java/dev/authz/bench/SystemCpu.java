package dev.authz.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

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
    /** All groups added up (the JIT threads are in them already). */
    public static final String ALL = "all";
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
        String postgresDir = dataDir.resolve("postgres").toString();
        ProcessHandle.allProcesses().forEach(process -> {
            String commandLine = commandLine(process);
            if (commandLine.contains(jars.toString()) && commandLine.contains("devstack.jar")) {
                add(cpu, DEVSTACK, process);
                // its services; PostgreSQL is counted below, in case pg_ctl left it a child
                process.descendants().forEach(child -> {
                    String childCommandLine = commandLine(child);
                    if (!childCommandLine.contains(POSTGRES)) {
                        add(cpu, ServiceMemory.serviceOf(childCommandLine).orElse(DEVSTACK), child);
                    }
                });
            } else if (commandLine.contains(postgresDir)) {
                // pg_ctl detaches the postmaster from devstack: found by its data directory, its backends under it
                add(cpu, POSTGRES, process);
                process.descendants().forEach(backend -> add(cpu, POSTGRES, backend));
            }
        });
        return cpu;
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
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

    /** A measured window that hands {@code msPerCall} each group's milliseconds of CPU per call made in it. */
    public LoadRunner.Window perCall(Consumer<Map<String, Double>> msPerCall) {
        return new LoadRunner.Window() {
            private Map<String, Duration> before;

            @Override
            public void opened() {
                before = snapshot();
            }

            @Override
            public void closed(Stats measured) {
                msPerCall.accept(msPer(before, snapshot(), measured.summary().count()));
            }
        };
    }

    /**
     * Milliseconds of CPU per unit (e.g. per write) of each group between two snapshots, and {@code all}. A process
     * that ended in between (a PostgreSQL backend) is missing from the second snapshot: its group is left out
     * rather than given a negative share.
     */
    public static Map<String, Double> msPer(Map<String, Duration> before, Map<String, Duration> after, long units) {
        Map<String, Double> out = new LinkedHashMap<>();
        double all = 0;
        for (String group : after.keySet()) {
            if (!group.equals(JIT)) {
                Optional<Double> ms = msPer(before, after, group, units);
                if (ms.isPresent()) {
                    out.put(group, Stats.round(ms.get(), 2));
                    all += ms.get();
                }
            }
        }
        out.put(ALL, Stats.round(all, 2));
        msPer(before, after, JIT, units).ifPresent(ms -> out.put(JIT, Stats.round(ms, 2)));
        return out;
    }

    /** One group's milliseconds per unit; empty without units or when the group lost a process in between. */
    private static Optional<Double> msPer(Map<String, Duration> before, Map<String, Duration> after, String group,
                                          long units) {
        Duration used = after.getOrDefault(group, Duration.ZERO).minus(before.getOrDefault(group, Duration.ZERO));
        return units > 0 && !used.isNegative() ? Optional.of(used.toNanos() / 1e6 / units) : Optional.empty();
    }
}

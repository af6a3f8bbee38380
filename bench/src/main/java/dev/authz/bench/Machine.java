package dev.authz.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where the numbers were taken: CPUs, RAM, OS, JVM, and the git commit of the working tree. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        String memTotal = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        machine.put("ramMb", memTotal == null ? null : Long.parseLong(memTotal.replaceAll("\\D", "")) / 1024);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("benchJvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return machine;
    }

    /** /proc/loadavg's 1, 5 and 15 minute averages, e.g. "2.10 1.85 1.20" (null when not on Linux). */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Map<String, Object> git() {
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("commit", run("git", "rev-parse", "--short", "HEAD"));
        String status = run("git", "status", "--porcelain");
        git.put("dirty", status == null ? null : !status.isBlank());
        return git;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: leave it out
        }
        return null;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

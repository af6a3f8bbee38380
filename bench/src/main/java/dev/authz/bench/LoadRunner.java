package dev.authz.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an operation from N threads, closed loop (each thread starts its next call when the previous answered).
 * Two shapes: {@link #timed} (warm-up, then a measured window) and {@link #fixed} (a given number of tasks, e.g. a
 * bulk load, with done / rate / ETA progress lines).
 */
public final class LoadRunner {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /** One call; returns the units it carried (1 for a plain op, 50 for 50 memberships, ...). */
    @FunctionalInterface
    public interface Op {
        long run(int worker, Stats stats) throws Exception;
    }

    /** Told when the measured window of a {@link #timed} run opens and closes, e.g. to read CPU over exactly it. */
    public interface Window {
        Window NONE = new Window() {
            @Override
            public void opened() {
            }

            @Override
            public void closed(Stats measured) {
            }
        };

        void opened();

        void closed(Stats measured);
    }

    /** One task of a fixed-size run; {@code index} goes from 0 to total - 1, each exactly once. */
    @FunctionalInterface
    public interface Task {
        long run(long index, Stats stats) throws Exception;
    }

    private LoadRunner() {
    }

    /**
     * Warm-up for {@code warmup} (recorded into a throw-away Stats), then measures for {@code measure}.
     * A call is counted in the phase it started in.
     */
    public static Stats timed(String label, int concurrency, Duration warmup, Duration measure, Op op) {
        return timed(label, concurrency, warmup, measure, op, Window.NONE);
    }

    /** As {@link #timed(String, int, Duration, Duration, Op)}, telling {@code window} when the measured part runs. */
    public static Stats timed(String label, int concurrency, Duration warmup, Duration measure, Op op,
                              Window window) {
        Stats warm = new Stats(label + " (warm-up)");
        Stats measured = new Stats(label);
        AtomicReference<Stats> current = new AtomicReference<>(warmup.isZero() ? measured : warm);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            threads.add(daemon("bench-" + label + "-" + w, () -> {
                while (!stop.get()) {
                    Stats target = current.get();
                    long started = System.nanoTime();
                    try {
                        long units = op.run(worker, target);
                        target.record(System.nanoTime() - started, units);
                    } catch (Exception e) {
                        target.error(e);
                        pauseAfterError();
                    }
                }
            }));
        }
        Progress.say(label + ": " + concurrency + " threads, warm-up " + warmup.toSeconds() + " s, measure "
                + measure.toSeconds() + " s");
        threads.forEach(Thread::start);
        if (!warmup.isZero()) {
            sleep(warmup);
            measured.start();
            current.set(measured);
        } else {
            measured.start();
        }
        window.opened();
        long end = System.nanoTime() + measure.toNanos();
        while (System.nanoTime() < end) {
            sleep(Duration.ofNanos(Math.min(PROGRESS_EVERY.toNanos(), end - System.nanoTime())));
            if (System.nanoTime() < end - 1_000_000_000L) {
                Stats.Summary s = measured.summary();
                Progress.say("  %s: %d ok, %d errors, %.1f ops/s, p99 %.1f ms so far".formatted(label, s.count(),
                        s.errors(), s.opsPerSec(), s.p99Ms()));
            }
        }
        stop.set(true);
        threads.forEach(LoadRunner::join);
        measured.stop();
        window.closed(measured);
        return measured;
    }

    /**
     * Runs tasks 0..total-1 on {@code concurrency} threads, printing done / rate / ETA every 10 s. Aborts (and
     * throws) when more than 50 tasks and more than 5 % of the tasks have failed: a load that mostly fails
     * would only measure error handling.
     */
    public static Stats fixed(String label, int concurrency, long total, String unitName, Task task) {
        Stats stats = new Stats(label);
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicBoolean abort = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            threads.add(daemon("bench-" + label + "-" + w, () -> {
                for (long i = next.getAndIncrement(); i < total && !abort.get(); i = next.getAndIncrement()) {
                    long started = System.nanoTime();
                    try {
                        long units = task.run(i, stats);
                        stats.record(System.nanoTime() - started, units);
                    } catch (Exception e) {
                        stats.error(e);
                        long errors = stats.errors();
                        if (errors > 50 && errors > 0.05 * (done.get() + 1)) {
                            abort.set(true);
                        }
                        pauseAfterError();
                    }
                    done.incrementAndGet();
                }
            }));
        }
        stats.start();
        threads.forEach(Thread::start);
        long lastUnits = 0;
        long lastAt = System.nanoTime();
        while (threads.stream().anyMatch(Thread::isAlive)) {
            joinFor(threads, PROGRESS_EVERY);
            if (threads.stream().noneMatch(Thread::isAlive)) {
                break;
            }
            Stats.Summary s = stats.summary();
            long now = System.nanoTime();
            double recentRate = (s.units() - lastUnits) / ((now - lastAt) / 1e9);
            double remainingTasks = total - done.get();
            double taskRate = done.get() / s.seconds();
            Progress.say("  %s: %d/%d tasks (%.1f %%), %d %s, %.0f %s/s now (%.0f avg), %d errors, ETA %s".formatted(
                    label, done.get(), total, 100.0 * done.get() / total, s.units(), unitName, recentRate, unitName,
                    s.unitsPerSec(), s.errors(), Progress.duration(remainingTasks / taskRate)));
            lastUnits = s.units();
            lastAt = now;
        }
        stats.stop();
        if (abort.get()) {
            throw new IllegalStateException(label + " aborted: " + stats.errors() + " failed tasks, e.g. "
                    + stats.summary().errorSamples());
        }
        return stats;
    }

    /** A daemon thread, not yet started: a bench thread never keeps the JVM alive. */
    public static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void joinFor(List<Thread> threads, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Waits for every thread to end. */
    public static void joinAll(List<Thread> threads) {
        threads.forEach(LoadRunner::join);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pauseAfterError() {
        sleep(Duration.ofMillis(20)); // a failing system must not turn the loop into a busy spin
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

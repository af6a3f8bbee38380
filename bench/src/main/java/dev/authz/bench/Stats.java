package dev.authz.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies of one measured phase (HdrHistogram, microsecond resolution, 3 significant digits), plus how many
 * operations failed, how many "units" the successful ones carried (memberships, users, ...) and free-form tags
 * (e.g. the x-authz-consistency answers). Thread-safe: every worker records into the same instance.
 */
public final class Stats {
    private static final long HIGHEST_MICROS = 10L * 60 * 1_000_000; // 10 minutes
    private static final int MAX_ERROR_SAMPLES = 5;

    private final String name;
    private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
    private final LongAdder errors = new LongAdder();
    private final LongAdder units = new LongAdder();
    private final Map<String, LongAdder> tags = new ConcurrentHashMap<>();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private volatile long startNanos = System.nanoTime();
    private volatile long endNanos;

    public Stats(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Marks the start of the measured wall-clock window (default: construction). */
    public void start() {
        startNanos = System.nanoTime();
    }

    /** Marks the end of the measured wall-clock window (default: the moment summary() is first asked for). */
    public void stop() {
        endNanos = System.nanoTime();
    }

    public void record(long nanos, long carriedUnits) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1_000)));
        units.add(carriedUnits);
    }

    public void error(Throwable error) {
        errors.increment();
        if (errorSamples.size() < MAX_ERROR_SAMPLES) {
            errorSamples.add(String.valueOf(error.getMessage()));
        }
    }

    public void tag(String tag) {
        tags.computeIfAbsent(tag, t -> new LongAdder()).increment();
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public long errors() {
        return errors.sum();
    }

    public Summary summary() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        double seconds = Math.max(1e-9, (end - startNanos) / 1e9);
        Map<String, Long> tagCounts = new TreeMap<>();
        tags.forEach((k, v) -> tagCounts.put(k, v.sum()));
        Histogram copy = histogram.copy();
        long count = copy.getTotalCount();
        return new Summary(name, count, errors.sum(), round(seconds, 3), round(count / seconds, 1),
                round(units.sum() / seconds, 1), units.sum(),
                ms(copy, 50), ms(copy, 90), ms(copy, 99), ms(copy, 99.9),
                count == 0 ? 0 : round(copy.getMaxValue() / 1000.0, 2),
                count == 0 ? 0 : round(copy.getMean() / 1000.0, 2), tagCounts, List.copyOf(errorSamples));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0, 2);
    }

    /**
     * {@code a / b} to three decimals, rounded up: a ratio checked against a target (1.2 for 1.2019) must not
     * pass by rounding. NaN when there is nothing to compare with.
     */
    public static double ratio(double a, double b) {
        return b <= 0 ? Double.NaN : Math.ceil(a / b * 1000) / 1000.0;
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** What ends up in the JSON file and the table; latencies in milliseconds. */
    public record Summary(String name, long count, long errors, double seconds, double opsPerSec,
                          double unitsPerSec, long units, double p50Ms, double p90Ms, double p99Ms,
                          double p999Ms, double maxMs, double meanMs, Map<String, Long> tags,
                          List<String> errorSamples) {
    }
}

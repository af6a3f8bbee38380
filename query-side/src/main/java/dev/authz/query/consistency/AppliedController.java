package dev.authz.query.consistency;

import dev.authz.api.error.ApiException;
import dev.authz.query.consumer.HeldPartitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Map;

/**
 * Read-your-writes for the command side: "has the read model applied these aggregates up to these
 * sequences?", answered once it has or when the timeout passes. Guarded by the internal token.
 */
@RestController
public class AppliedController {
    static final long MAX_TIMEOUT_MILLIS = 10_000;
    static final int MAX_AGGREGATES = 1000;
    /**
     * Between two reads of MongoDB while waiting for events another instance applies (it holds the aggregate's
     * partition) and whose announcement may not reach this one: 10 ms, doubling up to 50 ms.
     */
    static final long FIRST_POLL_MILLIS = 10;
    static final long MAX_POLL_MILLIS = 50;

    private final AggregateVersions versions;
    private final AppliedSignal signal;
    private final HeldPartitions partitions;
    private final AppliedAnnouncements announcements;
    /**
     * Between two reads while every applied event wakes the waiter: this instance holds every partition, or the
     * others announce what they apply. The reads then only guard against a wake-up that was lost (a rebalance, an
     * instance that crashed before announcing). At 10-50 ms they were about 6 MongoDB reads per waiting write
     * (2026-12-07, create-group bench), more than the projection of the write itself.
     */
    private final long guardMillis;
    private final MeterRegistry registry;

    public AppliedController(AggregateVersions versions, AppliedSignal signal, HeldPartitions partitions,
                             AppliedAnnouncements announcements,
                             @Value("${authz.applied.guard-interval:250ms}") Duration guardInterval,
                             MeterRegistry registry) {
        this.versions = versions;
        this.signal = signal;
        this.partitions = partitions;
        this.announcements = announcements;
        this.guardMillis = guardInterval.toMillis();
        this.registry = registry;
    }

    public record Applied(boolean applied) {
    }

    @GetMapping("/internal/v1/applied")
    public Applied applied(@RequestParam String positions,
                           @RequestParam(defaultValue = "2000") long timeoutMs) throws InterruptedException {
        Map<String, Long> wanted = Positions.parse(positions);
        if (wanted.size() > MAX_AGGREGATES) {
            throw ApiException.invalid("positions", "at most " + MAX_AGGREGATES + " aggregates");
        }
        long deadline = System.nanoTime() + Math.min(Math.max(timeoutMs, 0), MAX_TIMEOUT_MILLIS) * 1_000_000;
        // Registered before the first read: an event applied between that read and the wait still wakes it.
        try (AppliedSignal.Waiter waiter = signal.register(wanted)) {
            long poll = FIRST_POLL_MILLIS;
            while (true) {
                if (versions.allApplied(wanted)) {
                    return answered("read", true);
                }
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return answered("timeout", false);
                }
                boolean everyEventWakes = partitions.all() || announcements.reachesThisInstance();
                if (waiter.await(Math.min(everyEventWakes ? guardMillis : poll, remainingMillis))) {
                    return answered("signal", true);
                }
                poll = Math.min(poll * 2, MAX_POLL_MILLIS);
            }
        }
    }

    /**
     * Counts how a wait ended ({@code authz_applied_waits_total{answered}}): "signal" (woken by this instance's
     * projection or another's announcement), "read" (found in MongoDB: already applied, or a lost wake-up),
     * "timeout". Many "read" answers on a scaled-out query side mean announcements do not arrive.
     */
    private Applied answered(String how, boolean applied) {
        Counter.builder("authz.applied.waits").tag("answered", how)
                .description("Read-your-writes waits of the command side, by how they ended").register(registry)
                .increment();
        return new Applied(applied);
    }
}

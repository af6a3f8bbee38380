package dev.authz.query.consistency;

import dev.authz.api.error.ApiException;
import dev.authz.query.consumer.HeldPartitions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-your-writes for the command side: "has the read model applied these aggregates up to these
 * sequences?", answered once it has or when the timeout passes. Guarded by the internal token.
 */
@RestController
public class AppliedController {
    static final long MAX_TIMEOUT_MILLIS = 10_000;
    /**
     * Between two reads of MongoDB while waiting: 10 ms, doubling up to 50 ms. Events this instance applies wake the
     * waiter at once; the reads are for events another instance applies (it holds the aggregate's partition).
     */
    static final long FIRST_POLL_MILLIS = 10;
    static final long MAX_POLL_MILLIS = 50;
    /**
     * Between two reads while this instance holds every partition: no other instance applies anything, so the
     * reads only guard against a wake-up missed in a rebalance. At 10-50 ms they were about 6 MongoDB reads per
     * waiting write (2026-12-07, create-group bench), more than the projection of the write itself.
     */
    static final long ALL_PARTITIONS_HELD_POLL_MILLIS = 250;

    private final AggregateVersions versions;
    private final AppliedSignal signal;
    private final HeldPartitions partitions;

    public AppliedController(AggregateVersions versions, AppliedSignal signal, HeldPartitions partitions) {
        this.versions = versions;
        this.signal = signal;
        this.partitions = partitions;
    }

    public record Applied(boolean applied) {
    }

    @GetMapping("/internal/v1/applied")
    public Applied applied(@RequestParam String positions,
                           @RequestParam(defaultValue = "2000") long timeoutMs) throws InterruptedException {
        Map<String, Long> wanted = parse(positions);
        long deadline = System.nanoTime() + Math.min(Math.max(timeoutMs, 0), MAX_TIMEOUT_MILLIS) * 1_000_000;
        // Registered before the first read: an event applied between that read and the wait still wakes it.
        try (AppliedSignal.Waiter waiter = signal.register(wanted)) {
            long poll = FIRST_POLL_MILLIS;
            while (true) {
                if (versions.allApplied(wanted)) {
                    return new Applied(true);
                }
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return new Applied(false);
                }
                long nextRead = partitions.all() ? ALL_PARTITIONS_HELD_POLL_MILLIS : poll;
                if (waiter.await(Math.min(nextRead, remainingMillis))) {
                    return new Applied(true);
                }
                poll = Math.min(poll * 2, MAX_POLL_MILLIS);
            }
        }
    }

    /** "aggId:seq,aggId2:seq2" */
    static Map<String, Long> parse(String positions) {
        Map<String, Long> parsed = new LinkedHashMap<>();
        for (String position : positions.split(",")) {
            int colon = position.lastIndexOf(':');
            if (colon <= 0) {
                throw ApiException.invalid("positions", "expected aggregateId:sequence");
            }
            try {
                parsed.merge(position.substring(0, colon).trim(),
                        Long.parseLong(position.substring(colon + 1).trim()), Math::max);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("positions", "sequence is not a number");
            }
        }
        if (parsed.size() > 1000) {
            throw ApiException.invalid("positions", "at most 1000 aggregates");
        }
        return parsed;
    }
}

package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;
import dev.authz.bench.SystemCpu;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * list-group-members, limit 50, uniformly random pages over a group of --list-group-size members (default 5000),
 * from N threads. A page that comes back shorter than it should is tagged "short-page". With --local, also the
 * milliseconds of CPU each process spent per call over the measured window ({@code cpuMsPerCall}).
 */
public final class ListMembersScenario implements Scenario {
    static final int LIMIT = 50;

    @Override
    public ScenarioResult run(BenchContext context) {
        Api api = context.api();
        int size = context.options().listGroupSize();
        String code = context.unique("lm");
        api.createGroup(code, true);
        GroupLoader.Load load = GroupLoader.load(context, code, size, Duration.ofMinutes(30));
        ScenarioResult result = new ScenarioResult("list-members")
                .parameter("concurrency", context.options().concurrency())
                .parameter("groupMembers", load.members())
                .parameter("limit", LIMIT);
        AtomicReference<Map<String, Double>> cpuPerCall = new AtomicReference<>();
        Stats stats = measure(context, code, load.members(), "list-group-members (random page)",
                context.options().concurrency(), context.warmup(), context.duration(), cpuPerCall);
        Stats.Summary summary = result.phase(stats);
        result.figure("opsPerSec", summary.opsPerSec()).figure("p99Ms", summary.p99Ms());
        Optional.ofNullable(cpuPerCall.get()).ifPresent(cpu -> result.figure("cpuMsPerCall", cpu));
        return result;
    }

    /** Random pages over a group of {@code members}; shared with large-group. */
    static Stats measure(BenchContext context, String code, long members, String label) {
        return measure(context, code, members, label, context.warmup(), context.duration());
    }

    static Stats measure(BenchContext context, String code, long members, String label, Duration warmup,
                         Duration duration) {
        return measure(context, code, members, label, context.options().concurrency(), warmup, duration);
    }

    static Stats measure(BenchContext context, String code, long members, String label, int concurrency,
                         Duration warmup, Duration duration) {
        return randomPages(context, code, members, label, concurrency, warmup, duration, LoadRunner.Window.NONE);
    }

    /** As above; with a local system, {@code cpuPerCall} gets each process's ms of CPU per call in the window. */
    static Stats measure(BenchContext context, String code, long members, String label, int concurrency,
                         Duration warmup, Duration duration, AtomicReference<Map<String, Double>> cpuPerCall) {
        LoadRunner.Window window = SystemCpu.of(context.localDataDir()).map(cpu -> cpu.perCall(cpuPerCall::set))
                .orElse(LoadRunner.Window.NONE);
        return randomPages(context, code, members, label, concurrency, warmup, duration, window);
    }

    private static Stats randomPages(BenchContext context, String code, long members, String label, int concurrency,
                                     Duration warmup, Duration duration, LoadRunner.Window window) {
        Api api = context.api();
        return LoadRunner.timed(label, concurrency, warmup, duration, (worker, stats) -> {
            listRandomPage(api, code, members, stats);
            return 1;
        }, window);
    }

    /** One page, uniformly random over a group of {@code members}; tags a page shorter than it should be. */
    static void listRandomPage(Api api, String code, long members, Stats stats) {
        int pages = (int) Math.max(1, (members + LIMIT - 1) / LIMIT);
        int page = 1 + ThreadLocalRandom.current().nextInt(pages);
        Api.Page result = api.listMembers(code, page, LIMIT);
        long expected = Math.min(LIMIT, members - (long) (page - 1) * LIMIT);
        if (result.size() < expected) {
            stats.tag("short-page");
        }
    }
}

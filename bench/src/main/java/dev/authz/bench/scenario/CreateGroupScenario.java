package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;

/**
 * create-group with unique codes from N threads. Measured with read-your-writes on (the default: the latency a user
 * sees, including the wait for the query side), then the same with x-authz-wait: false, so that the difference is
 * the price of read-your-writes. The x-authz-consistency answers are counted as tags (pending = the wait timed out).
 */
public final class CreateGroupScenario implements Scenario {
    @Override
    public ScenarioResult run(BenchContext context) {
        Api api = context.api();
        ScenarioResult result = new ScenarioResult("create-group")
                .parameter("concurrency", context.options().concurrency());
        Stats waiting = LoadRunner.timed("create-group (wait: read-your-writes)", context.options().concurrency(),
                context.warmup(), context.duration(), (worker, stats) -> {
                    stats.tag("consistency:" + Api.consistency(api.createGroup(context.unique("cg"), true)));
                    return 1;
                });
        Stats.Summary ryw = result.phase(waiting);
        Stats async = LoadRunner.timed("create-group (x-authz-wait: false)", context.options().concurrency(),
                context.warmup(), context.duration(), (worker, stats) -> {
                    stats.tag("consistency:" + Api.consistency(api.createGroup(context.unique("cga"), false)));
                    return 1;
                });
        Stats.Summary noWait = result.phase(async);
        result.figure("rywOpsPerSec", ryw.opsPerSec())
                .figure("rywP50Ms", ryw.p50Ms())
                .figure("rywP99Ms", ryw.p99Ms())
                .figure("rywOverheadP50Ms", ryw.p50Ms() - noWait.p50Ms());
        return result;
    }
}

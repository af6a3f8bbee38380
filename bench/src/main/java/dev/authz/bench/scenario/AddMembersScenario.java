package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.Progress;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * add-group-members in batches of 50 (read-your-writes on), from N threads. The users are created beforehand with
 * x-authz-wait: false (and the bench waits until the read side has them all). Every call adds 50 users that are
 * not members yet: calls walk through the user list group after group (100 groups of up to {@value #USERS} members),
 * so a small user set feeds many calls.
 */
public final class AddMembersScenario implements Scenario {
    static final int USERS = 10_000;
    static final int GROUPS = 100;
    static final int BATCH = 50;

    @Override
    public ScenarioResult run(BenchContext context) {
        Api api = context.api();
        ScenarioResult result = new ScenarioResult("add-members")
                .parameter("concurrency", context.options().concurrency())
                .parameter("batch", BATCH)
                .parameter("users", USERS);
        long usersBefore = api.userCount();
        List<String> users = context.createUsers("create users (x-authz-wait: false)", USERS);
        context.awaitCount("users in the read model", usersBefore + USERS, api::userCount, Duration.ofMinutes(10));

        List<String> groups = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            groups.add(context.unique("am"));
        }
        api.createGroupsBatch(groups.stream().map(code -> Map.of("code", code, "name", code, "description", "bench"))
                .toList());
        Progress.say("  created " + GROUPS + " groups");

        int batchesPerGroup = USERS / BATCH;
        AtomicLong next = new AtomicLong();
        Stats stats = LoadRunner.timed("add-group-members x50 (wait)", context.options().concurrency(),
                context.warmup(), context.duration(), (worker, s) -> {
                    long call = next.getAndIncrement();
                    int group = (int) (call / batchesPerGroup);
                    if (group >= GROUPS) {
                        throw new IllegalStateException("out of fresh memberships: raise GROUPS");
                    }
                    int from = (int) (call % batchesPerGroup) * BATCH;
                    s.tag("consistency:" + Api.consistency(api.addMembers(groups.get(group),
                            users.subList(from, from + BATCH), true)));
                    return BATCH;
                });
        Stats.Summary summary = result.phase(stats);
        result.figure("membershipsPerSec", summary.unitsPerSec())
                .figure("callsPerSec", summary.opsPerSec())
                .figure("p50Ms", summary.p50Ms())
                .figure("p99Ms", summary.p99Ms())
                .note("units = memberships added (50 per call); groups hold at most " + USERS + " members here, "
                        + "see large-group for big groups");
        return result;
    }
}

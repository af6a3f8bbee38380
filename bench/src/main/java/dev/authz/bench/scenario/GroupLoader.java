package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.Progress;
import dev.authz.bench.Stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a group the bulk-loader way: each task creates 100 users and adds them to the group, both with
 * x-authz-wait: false, on the load concurrency; then waits until list-group-members reports them all.
 */
final class GroupLoader {
    static final int BATCH = 100;

    private GroupLoader() {
    }

    /**
     * @param stats        per task (create 100 users + add them): latency, units = memberships
     * @param ackSeconds   until the last write was acknowledged (stored in the event store)
     * @param visibleSeconds from then until the read side showed every member
     */
    record Load(long members, Stats stats, double ackSeconds, double visibleSeconds) {
        double totalSeconds() {
            return ackSeconds + visibleSeconds;
        }
    }

    static Load load(BenchContext context, String code, int members, Duration visibleTimeout) {
        Api api = context.api();
        int tasks = (members + BATCH - 1) / BATCH;
        long usersBefore = api.userCount();
        long started = System.nanoTime();
        Stats stats = LoadRunner.fixed("load " + code, context.options().loadConcurrency(), tasks, "members",
                (index, s) -> {
                    int size = (int) Math.min(BATCH, members - index * BATCH);
                    List<String> names = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        names.add(context.unique("u"));
                    }
                    api.addMembers(code, api.createUsers(names, false), false);
                    return size;
                });
        double ackSeconds = (System.nanoTime() - started) / 1e9;
        long expected = members - stats.errors() * BATCH;
        Progress.say("  loaded %d members (%d failed tasks) in %s; waiting for the read side".formatted(
                expected, stats.errors(), Progress.duration(ackSeconds)));
        // Members first, then their users: list-group-members only lists members whose user document the read
        // side has, so until the users are in, pages come back short although totalCount is right.
        context.awaitCount("members of " + code, expected, () -> api.listMembers(code, 1, 1).totalCount(),
                visibleTimeout);
        context.awaitCount("users in the read model", usersBefore + expected, api::userCount, visibleTimeout);
        double visibleSeconds = (System.nanoTime() - started) / 1e9 - ackSeconds;
        return new Load(expected, stats, ackSeconds, visibleSeconds);
    }
}

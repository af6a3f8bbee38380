package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.Progress;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How long after an x-authz-wait: false write answers does a read show it? One write at a time (no queueing in
 * the numbers): write, then poll the read endpoint back to back until it shows the write; the lag is from the
 * write's response to the first read showing it (so it includes up to one read round trip). Two kinds of write:
 * create-group (polled with get-group) and add-group-members of one user (polled with list-group-members'
 * totalCount). For comparison, the same writes with read-your-writes on, each followed by one read that must
 * already show it (else tagged "ryw-violation").
 */
public final class WriteToReadLagScenario implements Scenario {
    static final int WARMUP_SAMPLES = 20;
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public ScenarioResult run(BenchContext context) {
        Api api = context.api();
        int samples = context.options().lagSamples();
        ScenarioResult result = new ScenarioResult("write-to-read-lag")
                .parameter("samples", samples)
                .parameter("warmupSamples", WARMUP_SAMPLES)
                .parameter("concurrency", 1);

        // create-group, no wait: lag until get-group finds it
        Stats groupWrite = new Stats("create-group write (x-authz-wait: false)");
        Stats groupLag = new Stats("create-group -> get-group lag");
        Stats groupPolls = new Stats("  polls per create-group lag sample (units)");
        sample("create-group lag", samples, groupWrite, groupLag, groupPolls, () -> {
            String code = context.unique("lag");
            api.createGroup(code, false);
            return () -> api.getGroupRaw(code).statusCode() == 200;
        });

        // add-group-members (1 user), no wait: lag until list-group-members counts it
        String group = context.unique("lagm");
        api.createGroup(group, true);
        int users = samples + WARMUP_SAMPLES;
        long usersBefore = api.userCount();
        List<String> userIds = context.createUsers("create users (x-authz-wait: false)", users);
        context.awaitCount("users in the read model", usersBefore + users, api::userCount, Duration.ofMinutes(10));
        Stats memberWrite = new Stats("add-group-members x1 write (x-authz-wait: false)");
        Stats memberLag = new Stats("add-group-members -> list-group-members lag");
        Stats memberPolls = new Stats("  polls per add-members lag sample (units)");
        int[] added = {0};
        sample("add-members lag", samples, memberWrite, memberLag, memberPolls, () -> {
            String user = userIds.get(added[0]++);
            long expected = added[0];
            api.addMembers(group, List.of(user), false);
            return () -> api.listMembers(group, 1, 1).totalCount() >= expected;
        });

        // the same writes with read-your-writes on
        Stats groupRyw = new Stats("create-group write (wait: read-your-writes)");
        Stats memberRyw = new Stats("add-group-members x1 write (wait: read-your-writes)");
        String rywGroup = context.unique("rywm");
        api.createGroup(rywGroup, true);
        List<String> rywUsers = context.createUsers("create users (x-authz-wait: false)", users);
        context.awaitCount("users in the read model", usersBefore + 2L * users, api::userCount, Duration.ofMinutes(10));
        Progress.say("read-your-writes writes: " + samples + " create-group and " + samples + " add-group-members");
        for (int i = 0; i < users; i++) {
            boolean measured = i >= WARMUP_SAMPLES;
            String code = context.unique("rywg");
            long started = System.nanoTime();
            String consistency = Api.consistency(api.createGroup(code, true));
            long took = System.nanoTime() - started;
            boolean visible = api.getGroupRaw(code).statusCode() == 200;
            if (measured) {
                groupRyw.record(took, 1);
                groupRyw.tag("consistency:" + consistency);
                if (!visible) {
                    groupRyw.tag("ryw-violation");
                }
            }
            started = System.nanoTime();
            consistency = Api.consistency(api.addMembers(rywGroup, List.of(rywUsers.get(i)), true));
            took = System.nanoTime() - started;
            visible = api.listMembers(rywGroup, 1, 1).totalCount() >= i + 1;
            if (measured) {
                memberRyw.record(took, 1);
                memberRyw.tag("consistency:" + consistency);
                if (!visible) {
                    memberRyw.tag("ryw-violation");
                }
            }
        }
        groupRyw.stop();
        memberRyw.stop();

        Stats.Summary gl = result.phase(groupLag);
        Stats.Summary gp = result.phase(groupPolls);
        result.phase(groupWrite);
        Stats.Summary gr = result.phase(groupRyw);
        Stats.Summary ml = result.phase(memberLag);
        Stats.Summary mp = result.phase(memberPolls);
        result.phase(memberWrite);
        Stats.Summary mr = result.phase(memberRyw);
        result.figure("createGroupLagP50Ms", gl.p50Ms()).figure("createGroupLagP99Ms", gl.p99Ms())
                .figure("createGroupRywP50Ms", gr.p50Ms()).figure("createGroupRywP99Ms", gr.p99Ms())
                .figure("addMembersLagP50Ms", ml.p50Ms()).figure("addMembersLagP99Ms", ml.p99Ms())
                .figure("addMembersRywP50Ms", mr.p50Ms()).figure("addMembersRywP99Ms", mr.p99Ms())
                .figure("createGroupReadsPerLagSample", gp.count() == 0 ? 0.0 : (double) gp.units() / gp.count())
                .figure("addMembersReadsPerLagSample", mp.count() == 0 ? 0.0 : (double) mp.units() / mp.count())
                .note("lag = from the no-wait write's response to the first read that shows it (reads back to back, "
                        + "so it includes up to one read round trip); ops/s of the lag rows is not a throughput")
                .note("'polls' rows: latency column is the lag again, units = reads needed per sample");
        return result;
    }

    /** A write that returns how to check that it is visible. */
    @FunctionalInterface
    interface Write {
        BooleanSupplier write();
    }

    private static void sample(String label, int samples, Stats write, Stats lag, Stats polls, Write op) {
        Progress.say(label + ": " + WARMUP_SAMPLES + " warm-up + " + samples + " samples, one at a time");
        for (int i = 0; i < samples + WARMUP_SAMPLES; i++) {
            boolean measured = i >= WARMUP_SAMPLES;
            long started = System.nanoTime();
            BooleanSupplier visible;
            try {
                visible = op.write();
            } catch (RuntimeException e) {
                if (measured) {
                    write.error(e);
                }
                continue;
            }
            long answered = System.nanoTime();
            long reads = 0;
            boolean seen = false;
            while (!seen && System.nanoTime() - answered < POLL_TIMEOUT.toNanos()) {
                reads++;
                try {
                    seen = visible.getAsBoolean();
                } catch (RuntimeException notYet) {
                    seen = false; // e.g. the group of a membership not projected yet: keep polling
                }
            }
            long shown = System.nanoTime();
            if (measured) {
                write.record(answered - started, 1);
                if (seen) {
                    lag.record(shown - answered, 1);
                    polls.record(shown - answered, reads);
                } else {
                    lag.error(new IllegalStateException("not visible after " + POLL_TIMEOUT.toSeconds() + " s"));
                }
            }
            if (i > 0 && i % 50 == 0) {
                Progress.say("  " + label + ": " + i + " done, lag p50 so far " + lag.summary().p50Ms() + " ms");
            }
        }
        write.stop();
        lag.stop();
        polls.stop();
    }
}

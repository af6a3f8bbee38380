package dev.authz.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.Progress;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Read-model rebuild: loads about --rebuild-events events (default 1,000,000: tasks of 100 new users added to one
 * of the run's groups, x-authz-wait: false, i.e. 101 events per task), waits until the read side has them, reads
 * (get-group and list-group-members, random group and page, --concurrency threads) for --duration-seconds, then
 * rebuilds the whole read model through POST /internal/v1/rebuild while the same reads go on. Reports the
 * rebuild's events/s and the read latencies before and during it.
 */
public final class RebuildScenario implements Scenario {
    static final int USERS_PER_TASK = 100;
    static final int GROUPS = 10;
    static final int LIMIT = 50;

    @Override
    public ScenarioResult run(BenchContext context) {
        Api api = context.api();
        int wanted = context.options().rebuild().events();
        int tasks = Math.max(1, (wanted - GROUPS) / (USERS_PER_TASK + 1));
        ScenarioResult result = new ScenarioResult("rebuild")
                .parameter("requestedEvents", wanted)
                .parameter("loadedEvents", GROUPS + (long) tasks * (USERS_PER_TASK + 1))
                .parameter("groups", GROUPS)
                .parameter("readConcurrency", context.options().concurrency())
                .parameter("loadConcurrency", context.options().loadConcurrency());
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            groups.add(context.unique("rb"));
            api.createGroup(groups.get(i), true);
        }

        long usersBefore = api.userCount();
        long started = System.nanoTime();
        Stats load = LoadRunner.fixed("load " + tasks + " x (create 100 users + add them to a group)",
                context.options().loadConcurrency(), tasks, "events", (index, stats) -> {
                    List<String> names = new ArrayList<>(USERS_PER_TASK);
                    for (int i = 0; i < USERS_PER_TASK; i++) {
                        names.add(context.unique("u"));
                    }
                    api.addMembers(groups.get((int) (index % GROUPS)), api.createUsers(names, false), false);
                    return USERS_PER_TASK + 1;
                });
        result.phase(load);
        double ackSeconds = (System.nanoTime() - started) / 1e9;
        long expectedUsers = usersBefore + (tasks - load.errors()) * USERS_PER_TASK;
        double catchUp = context.awaitCount("users in the read model", expectedUsers, api::userCount,
                Duration.ofHours(12));
        result.figure("loadAckSeconds", ackSeconds).figure("loadCatchUpSeconds", catchUp);
        long membersPerGroup = (tasks / GROUPS) * (long) USERS_PER_TASK;

        Progress.say("reads before the rebuild (warm-up " + context.warmup().toSeconds() + " s, then "
                + context.duration().toSeconds() + " s)");
        Reads warmup = Reads.start(context, groups, membersPerGroup, "warm-up");
        LoadRunner.sleep(context.warmup());
        warmup.stop();
        Reads before = Reads.start(context, groups, membersPerGroup, "before the rebuild");
        LoadRunner.sleep(context.duration());
        before.stop();
        Stats.Summary getBefore = result.phase(before.get);
        Stats.Summary listBefore = result.phase(before.list);

        Progress.say("rebuilding the read model while the same reads go on");
        Reads during = Reads.start(context, groups, membersPerGroup, "during the rebuild");
        JsonNode status = rebuild(context);
        during.stop();
        Stats.Summary getDuring = result.phase(during.get);
        Stats.Summary listDuring = result.phase(during.list);

        double seconds = Duration.between(Instant.parse(status.path("startedAt").asText()),
                Instant.parse(status.path("finishedAt").asText())).toMillis() / 1000.0;
        long events = status.path("eventsDone").asLong();
        result.figure("rebuildState", status.path("state").asText())
                .figure("rebuildEvents", events)
                .figure("rebuildSeconds", seconds)
                .figure("rebuildEventsPerSec", events / seconds)
                .figure("rebuildReplayEventsPerSec", status.path("eventsPerSecond").asDouble())
                .figure("rebuildSkipped", status.path("skipped").asLong())
                .figure("rebuildGeneration", status.path("generation").asLong())
                .figure("getGroupP50RatioDuringOverBefore", Stats.ratio(getDuring.p50Ms(), getBefore.p50Ms()))
                .figure("getGroupP99RatioDuringOverBefore", Stats.ratio(getDuring.p99Ms(), getBefore.p99Ms()))
                .figure("listMembersP50RatioDuringOverBefore", Stats.ratio(listDuring.p50Ms(), listBefore.p50Ms()))
                .figure("listMembersP99RatioDuringOverBefore", Stats.ratio(listDuring.p99Ms(), listBefore.p99Ms()));
        long usersAfter = api.userCount();
        result.figure("usersBefore", expectedUsers).figure("usersAfter", usersAfter);
        if (!"SUCCEEDED".equals(status.path("state").asText()) || usersAfter != expectedUsers) {
            throw new IllegalStateException("rebuild ended " + status + "; users " + expectedUsers + " before, "
                    + usersAfter + " after");
        }
        result.note("rebuildSeconds: startedAt to finishedAt as the query side reports them (preparing, replaying "
                + "the whole event store, catching up with the consumer paused, switching); rebuildEventsPerSec = "
                + "events / that; rebuildReplayEventsPerSec: the query side's own rate over the replay");
        result.note("events of the whole store are replayed, not only this run's: " + events + " in all");
        return result;
    }

    private static final Duration STATUS_PATIENCE = Duration.ofMinutes(5);

    /** Starts the rebuild and polls its status every 2 s (progress every 10 s) until it is over. */
    private static JsonNode rebuild(BenchContext context) {
        JsonNode started = context.querySide().startRebuild();
        String id = started.path("id").asText();
        long lastSaid = System.nanoTime();
        long failingSince = 0;
        while (true) {
            LoadRunner.sleep(Duration.ofSeconds(2));
            JsonNode status;
            try {
                status = context.querySide().rebuildStatus();
                failingSince = 0;
            } catch (RuntimeException e) {
                // A busy query side (a full GC during a large replay) may miss one poll; that is no verdict.
                failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                Progress.say("  rebuild status unavailable: " + e.getMessage());
                if (System.nanoTime() - failingSince > STATUS_PATIENCE.toNanos()) {
                    throw e;
                }
                continue;
            }
            if (!id.equals(status.path("id").asText()) || !"RUNNING".equals(status.path("state").asText())) {
                Progress.say("  rebuild " + status.path("state").asText() + ": " + status.path("eventsDone").asLong()
                        + " events" + (status.hasNonNull("error") ? ", " + status.path("error").asText() : ""));
                return status;
            }
            if (System.nanoTime() - lastSaid > 10_000_000_000L) {
                lastSaid = System.nanoTime();
                Progress.say("  rebuild %s: %d/%d events, %.0f events/s, ETA %s".formatted(
                        status.path("phase").asText(), status.path("eventsDone").asLong(),
                        status.path("eventsTotal").asLong(), status.path("eventsPerSecond").asDouble(),
                        status.hasNonNull("etaSeconds") ? Progress.duration(status.path("etaSeconds").asDouble())
                                : "?"));
            }
        }
    }

    /** Readers until stopped: half the threads get-group, half list-group-members (random page), each timed. */
    private static final class Reads {
        private final Stats get;
        private final Stats list;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        private Reads(String when) {
            get = new Stats("get-group " + when);
            list = new Stats("list-group-members (random page) " + when);
        }

        static Reads start(BenchContext context, List<String> groups, long membersPerGroup, String when) {
            Reads reads = new Reads(when);
            int pages = (int) Math.max(1, (membersPerGroup + LIMIT - 1) / LIMIT);
            for (int w = 0; w < context.options().concurrency(); w++) {
                boolean lists = w % 2 == 1;
                Thread thread = new Thread(() -> {
                    while (!reads.stop.get()) {
                        String group = groups.get(ThreadLocalRandom.current().nextInt(groups.size()));
                        Stats stats = lists ? reads.list : reads.get;
                        long begun = System.nanoTime();
                        try {
                            if (lists) {
                                context.api().listMembers(group, 1 + ThreadLocalRandom.current().nextInt(pages), LIMIT);
                            } else {
                                Api.check("get-group", context.api().getGroupRaw(group));
                            }
                            stats.record(System.nanoTime() - begun, 1);
                        } catch (RuntimeException e) {
                            stats.error(e);
                            LoadRunner.sleep(Duration.ofMillis(20));
                        }
                    }
                }, "bench-rebuild-reads-" + w);
                thread.setDaemon(true);
                reads.threads.add(thread);
            }
            reads.get.start();
            reads.list.start();
            reads.threads.forEach(Thread::start);
            return reads;
        }

        void stop() {
            stop.set(true);
            LoadRunner.joinAll(threads);
            get.stop();
            list.stop();
        }
    }
}

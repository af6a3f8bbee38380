package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.Progress;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.ServiceMemory;
import dev.authz.bench.Stats;
import dev.authz.bench.SystemCpu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The hardening issue's performance targets, in one run on one system:
 * <ul>
 *   <li>list-group-members p99 ≤ 10 ms on a group of --large-members members (default 1,000,000; random pages);</li>
 *   <li>write → readable lag p99 ≤ 50 ms at --target-rate writes/s (default 500), open loop: writes are sent on a
 *   fixed schedule whatever the answers do, half create-group and half add-group-members of one new user, all with
 *   x-authz-wait: false; one write at a time is followed by a separate thread, read until it shows;</li>
 *   <li>each service's resident memory under 512 MiB for the whole run (sampled every second, --local only).</li>
 * </ul>
 * The result carries the three goals as targets: the JSON lists them and a PNG chart is written beside it.
 */
public final class TargetsScenario implements Scenario {
    static final double LIST_P99_LIMIT_MS = 10;
    static final double LAG_P99_LIMIT_MS = 50;
    static final double RSS_LIMIT_MIB = 512;
    static final int GROUPS = 100;
    static final int WORKERS = 64;
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The lag probe is itself load on the system it measures, so it is kept small beside the writes: at most one
     * followed write per {@code FOLLOW_EVERY}, read {@code POLL_PAUSE} apart, or a tenth of the time it has taken
     * so far when that is longer (a lag of seconds is measured to 10 %, not read 1,000 times). With reads 1 ms
     * apart and every write followed as soon as the last one showed, the probe sent about one read per write at
     * 150 writes/s (2026-12-06: 215,000 signed reads on the query side in a session of 110,000 writes).
     */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(100);
    static final Duration POLL_PAUSE = Duration.ofMillis(5);
    /**
     * The least warm-up of the list phases. After a load that ran the write and projection code, the list path is
     * still interpreted or C1-compiled: with 10 s of warm-up C2 was compiling it during the measurement (a quarter
     * of the query side's CPU in a profile, 2026-12-06) and one client saw p50 6.3 / p99 25 ms; after 60 s,
     * 3.6 / 12.2 ms. A service in production runs warm.
     */
    static final Duration LIST_MIN_WARMUP = Duration.ofSeconds(60);

    @Override
    public ScenarioResult run(BenchContext context) {
        Optional<ServiceMemory> memory = ServiceMemory.sample(context.localDataDir());
        try {
            return measure(context, memory);
        } finally {
            memory.ifPresent(ServiceMemory::close);
        }
    }

    private ScenarioResult measure(BenchContext context, Optional<ServiceMemory> memory) {
        Api api = context.api();
        int members = context.options().largeMembers();
        int rate = context.options().targetRate();
        String large = context.unique("large");
        ScenarioResult result = new ScenarioResult("targets")
                .parameter("largeMembers", members)
                .parameter("targetRate", rate)
                .parameter("concurrency", context.options().concurrency());

        api.createGroup(large, true);
        Progress.say("loading " + large + " with " + members + " members");
        GroupLoader.Load load = GroupLoader.load(context, large, members, Duration.ofHours(6));
        result.phase(load.stats());
        result.figure("loadedMembers", load.members()).figure("loadTotalSeconds", load.totalSeconds());
        // One client alone shows the latency of the read path; --concurrency clients on a small machine add the
        // queueing for its cores.
        int clients = context.options().concurrency();
        Duration listWarmup = context.warmup().compareTo(LIST_MIN_WARMUP) < 0 ? LIST_MIN_WARMUP : context.warmup();
        result.parameter("listWarmupSeconds", listWarmup.toSeconds());
        AtomicReference<Map<String, Double>> cpuAlone = new AtomicReference<>();
        Stats.Summary listAlone = result.phase(ListMembersScenario.measure(context, large, load.members(),
                "list-group-members random page, " + load.members() + " members, 1 client", 1, listWarmup,
                context.duration(), cpuAlone));
        AtomicReference<Map<String, Double>> cpuShared = new AtomicReference<>();
        Stats.Summary list = result.phase(ListMembersScenario.measure(context, large, load.members(),
                "list-group-members random page, " + load.members() + " members, " + clients + " clients",
                clients, context.warmup(), context.duration(), cpuShared));
        Optional.ofNullable(cpuAlone.get()).ifPresent(cpu -> result.figure("cpuMsPerListCall1Client", cpu));
        Optional.ofNullable(cpuShared.get()).ifPresent(cpu -> result.figure("cpuMsPerListCall" + clients + "Clients",
                cpu));

        List<String> groups = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            groups.add(context.unique("rate"));
        }
        for (int from = 0; from < GROUPS; from += 50) {
            api.createGroupsBatch(groups.subList(from, Math.min(GROUPS, from + 50)).stream()
                    .map(code -> Map.of("code", code, "name", code)).toList());
        }
        // The lag at --lag-rates first (where does the target hold on this machine?), then at the target's rate.
        List<Integer> rates = new ArrayList<>(context.options().lagRates());
        rates.add(rate);
        List<Integer> memberWrites = rates.stream().map(r -> (int) (((long) r * (context.options().warmupSeconds()
                + context.options().durationSeconds()) + 1) / 2)).toList();
        long usersBefore = api.userCount();
        int allMemberWrites = memberWrites.stream().mapToInt(Integer::intValue).sum();
        List<String> users = context.createUsers("create users for the membership writes (x-authz-wait: false)",
                allMemberWrites);
        context.awaitCount("users in the read model", usersBefore + allMemberWrites, api::userCount,
                Duration.ofMinutes(30));
        Stats.Summary writes = null;
        double targetLagP99 = 0;
        OpenLoop loop = null;
        int from = 0;
        int highestMeeting = 0;
        for (int i = 0; i < rates.size(); i++) {
            int phaseRate = rates.get(i);
            loop = new OpenLoop(context, phaseRate, groups, users.subList(from, from + memberWrites.get(i)));
            from += memberWrites.get(i);
            loop.run();
            writes = result.phase(loop.writes);
            Stats.Summary lag = result.phase(loop.lag);
            double lagP99 = lagP99(lag, result, phaseRate);
            targetLagP99 = lagP99;
            result.figure("lagP99MsAt" + phaseRate + "PerSec", lagP99)
                    .figure("achievedWritesPerSecAt" + phaseRate, writes.opsPerSec());
            if (!loop.cpuMsPerWrite.isEmpty()) {
                // Cores busy near the machine's count: the read side was catching up or the CPU was the limit, so
                // the per-write figures are what the machine had to give, an upper bound of the cost.
                double coresBusy = loop.cpuMsPerWrite.get(SystemCpu.ALL) * writes.count() / 1000 / writes.seconds();
                result.figure("cpuMsPerWriteAt" + phaseRate + "PerSec", loop.cpuMsPerWrite)
                        .figure("cpuCoresBusyAt" + phaseRate + "PerSec", coresBusy);
                Progress.say("  CPU per write at %d/s, ms: %s; %.2f of %d cores busy".formatted(phaseRate,
                        loop.cpuMsPerWrite, coresBusy, Runtime.getRuntime().availableProcessors()));
            }
            // Met only where the schedule was kept: a rate the system cannot take is not a rate it met the lag at.
            if (lagP99 <= LAG_P99_LIMIT_MS && writes.opsPerSec() >= 0.95 * phaseRate && writes.errors() == 0) {
                highestMeeting = Math.max(highestMeeting, phaseRate);
            }
        }
        result.figure("achievedWritesPerSec", writes.opsPerSec())
                .figure("writesBehindScheduleAtEnd", loop.behindAtEnd)
                .figure("highestMeasuredRateMeetingLagTarget", highestMeeting);

        result.target("list-group-members p99, " + members + " members, 1 client", listAlone.p99Ms(),
                        LIST_P99_LIMIT_MS, "ms")
                .target("list-group-members p99, " + members + " members, " + clients + " clients", list.p99Ms(),
                        LIST_P99_LIMIT_MS, "ms")
                .target("write -> readable lag p99 at " + rate + " writes/s", targetLagP99, LAG_P99_LIMIT_MS,
                        "ms");
        memory.ifPresentOrElse(
                sampled -> sampled.maxMib().forEach((service, mib) ->
                        result.target(service + " max RSS", mib, RSS_LIMIT_MIB, "MiB")),
                () -> result.note("RSS not measured: the target is not a --local system"));
        result.note("write latency is from each write's scheduled start (open loop), so queueing behind a slow "
                + "answer counts; lag is from the write's answer to the first read that shows it (one followed write "
                + "at a time, at most one per " + FOLLOW_EVERY.toMillis() + " ms, reads " + POLL_PAUSE.toMillis()
                + " ms or a tenth of the time so far apart: over-states the lag by up to that pause plus one read "
                + "round trip)");
        return result;
    }

    /** The pause before the next read of a followed write that has not shown after {@code elapsedNanos}. */
    static Duration pauseAfter(long elapsedNanos) {
        return Duration.ofNanos(Math.max(POLL_PAUSE.toNanos(), elapsedNanos / 10));
    }

    /**
     * The lag's p99; when a followed write never became readable, or no measured write was followed at all (the
     * follower was still waiting for a warm-up write when the writes ended), at least the poll timeout: a lag that
     * was not measured must not pass the target as 0 ms.
     */
    private static double lagP99(Stats.Summary lag, ScenarioResult result, int rate) {
        if (lag.errors() == 0 && lag.count() > 0) {
            return lag.p99Ms();
        }
        result.note("at " + rate + " writes/s " + (lag.count() == 0 ? "no measured write was followed to the end"
                : lag.errors() + " followed write(s) not readable within " + POLL_TIMEOUT.toSeconds() + " s")
                + ": the lag counts as at least " + POLL_TIMEOUT.toSeconds() + " s");
        return Math.max(lag.p99Ms(), POLL_TIMEOUT.toMillis());
    }

    /**
     * Writes on a fixed schedule from a pool of threads: slot n is due at start + n / rate. A thread takes the next
     * slot, sleeps until it is due and writes. When every thread is busy the schedule falls behind; latencies
     * measured from the due time show it.
     *
     * <p>One follower thread measures the lag: when idle it asks for a write, the next write answered takes the
     * request, and the follower reads until that write shows. The writers never read, so a growing lag cannot slow
     * the writes down (an earlier version had every tenth write followed by its own writer: at a 20 s lag the
     * writers spent their time polling and the "achieved rate" measured the bench), and the read load of the lag
     * probe is one read at a time whatever the lag, paced (see {@link #FOLLOW_EVERY}).
     */
    private static final class OpenLoop {
        private final BenchContext context;
        private final int rate;
        private final List<String> groups;
        private final List<String> users;
        private final long warmupSlots;
        private final long totalSlots;
        private final Stats writes;
        private final Stats lag;
        private final AtomicLong nextSlot = new AtomicLong();
        private final AtomicBoolean followerWaiting = new AtomicBoolean();
        private final AtomicReference<Followed> handedOver = new AtomicReference<>();
        private volatile Thread follower;
        private final Optional<SystemCpu> cpu;
        private Map<String, Double> cpuMsPerWrite = Map.of();
        private volatile boolean writing = true;
        private long behindAtEnd;

        private record Followed(BooleanSupplier visible, long answered, boolean measured) {
        }

        OpenLoop(BenchContext context, int rate, List<String> groups, List<String> users) {
            this.context = context;
            this.cpu = SystemCpu.of(context.localDataDir());
            this.rate = rate;
            this.groups = groups;
            this.users = users;
            this.warmupSlots = (long) rate * context.options().warmupSeconds();
            this.totalSlots = warmupSlots + (long) rate * context.options().durationSeconds();
            this.writes = new Stats("writes at " + rate + "/s (no wait), from schedule");
            this.lag = new Stats("write -> readable lag at " + rate + " writes/s");
        }

        void run() {
            Progress.say("writes at %d/s for %d s warm-up + %d s measured, %d threads, one write at a time followed"
                    .formatted(rate, context.options().warmupSeconds(), context.options().durationSeconds(), WORKERS));
            long start = System.nanoTime() + 200_000_000L;
            long interval = 1_000_000_000L / rate;
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                threads.add(LoadRunner.daemon("bench-rate-" + w, () -> work(start, interval)));
            }
            follower = LoadRunner.daemon("bench-lag-follower", this::follow);
            threads.forEach(Thread::start);
            follower.start();
            long measuredFrom = start + warmupSlots * interval;
            LoadRunner.sleep(Duration.ofNanos(Math.max(0, measuredFrom - System.nanoTime())));
            writes.start();
            lag.start();
            Optional<Map<String, Duration>> cpuBefore = cpu.map(SystemCpu::snapshot);
            while (threads.stream().anyMatch(Thread::isAlive)) {
                LoadRunner.sleep(Duration.ofSeconds(10));
                Progress.say("  writes at %d/s: %d of %d sent, %d behind schedule, lag p99 so far %.1f ms".formatted(rate,
                        Math.min(nextSlot.get(), totalSlots), totalSlots, behind(start, interval),
                        lag.summary().p99Ms()));
            }
            LoadRunner.joinAll(threads);
            writes.stop();
            cpu.ifPresent(system -> cpuMsPerWrite = SystemCpu.msPer(cpuBefore.orElseThrow(), system.snapshot(),
                    writes.count()));
            writing = false;
            LoadRunner.joinAll(List.of(follower));
            lag.stop();
        }

        /** Slots already due but not yet taken by a thread. */
        private long behind(long start, long interval) {
            long due = Math.min(totalSlots, Math.max(0, (System.nanoTime() - start) / interval));
            return Math.max(0, due - nextSlot.get());
        }

        private void work(long start, long interval) {
            Api api = context.api();
            while (true) {
                long slot = nextSlot.getAndIncrement();
                if (slot >= totalSlots) {
                    return;
                }
                long due = start + slot * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LoadRunner.sleep(Duration.ofNanos(wait));
                } else if (slot == totalSlots - 1) {
                    behindAtEnd = -wait / interval;
                }
                boolean measured = slot >= warmupSlots;
                BooleanSupplier visible;
                try {
                    visible = write(api, slot);
                } catch (RuntimeException e) {
                    if (measured) {
                        writes.error(e);
                    }
                    continue;
                }
                long answered = System.nanoTime();
                if (measured) {
                    writes.record(answered - due, 1);
                }
                if (followerWaiting.compareAndSet(true, false)) {
                    handedOver.set(new Followed(visible, answered, measured));
                    LockSupport.unpark(follower);
                }
            }
        }

        /** Even slots create a group, odd ones add a new user to one of the groups; returns the visibility check. */
        private BooleanSupplier write(Api api, long slot) {
            if (slot % 2 == 0) {
                String code = context.unique("g");
                api.createGroup(code, false);
                return () -> api.getGroupRaw(code).statusCode() == 200;
            }
            String user = users.get((int) (slot / 2));
            api.addMembers(groups.get((int) (slot / 2 % groups.size())), List.of(user), false);
            return () -> api.userGroupCount(user) >= 1;
        }

        private void follow() {
            while (writing) {
                followerWaiting.set(true);
                Followed followed;
                while ((followed = handedOver.getAndSet(null)) == null) {
                    if (!writing) {
                        return;
                    }
                    LockSupport.parkNanos(10_000_000); // unparked by the writer that hands a write over
                }
                readUntilVisible(followed);
                LoadRunner.sleep(Duration.ofNanos(Math.max(0,
                        followed.answered() + FOLLOW_EVERY.toNanos() - System.nanoTime())));
            }
        }

        private void readUntilVisible(Followed followed) {
            while (System.nanoTime() - followed.answered() < POLL_TIMEOUT.toNanos()) {
                boolean seen;
                try {
                    seen = followed.visible().getAsBoolean();
                } catch (RuntimeException notYet) {
                    seen = false;
                }
                if (seen) {
                    if (followed.measured()) {
                        lag.record(System.nanoTime() - followed.answered(), 1);
                    }
                    return;
                }
                LoadRunner.sleep(pauseAfter(System.nanoTime() - followed.answered()));
            }
            if (followed.measured()) {
                lag.error(new IllegalStateException("not readable after " + POLL_TIMEOUT.toSeconds() + " s"));
            }
        }
    }
}

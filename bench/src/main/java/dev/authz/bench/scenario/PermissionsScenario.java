package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.BenchOptions;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.Progress;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Permissions at scale (issue #3). Loads --perm-users users, --perm-groups groups, --perm-roles roles and
 * --perm-resources resources ({@link PermissionModel}: users in 3 groups and 2 roles, all holding one big role;
 * grants to groups, roles, the big role and one user in ten), everything with x-authz-wait: false, waits until a
 * sample of users gets the answers it should, then measures with read-your-writes: assign-role (one user),
 * authorize-resources (to one user; to one group or role, which fans out to its holders), is-action-allowed
 * (random user, resource and action), and what a change of the big role costs: a rename (newCode; answers must
 * not move, get-role-authorized-resources must answer for the new code) and a disable (every holder's answer must
 * flip), timed until every one of --perm-samples sampled holders answers right.
 */
public final class PermissionsScenario implements Scenario {
    static final int BATCH = 100;
    static final int GRANT_ITEMS_PER_CALL = 50;
    static final int PROBE_USERS = 300;
    static final int RYW_PROBES = 100;
    static final Duration CATCH_UP_TIMEOUT = Duration.ofHours(6);
    static final Duration FLIP_TIMEOUT = Duration.ofHours(2);

    @Override
    public ScenarioResult run(BenchContext context) {
        BenchOptions.Permissions sizes = context.options().permissions();
        PermissionModel model = new PermissionModel(context, sizes, new Random(42));
        ScenarioResult result = new ScenarioResult("permissions")
                .parameter("users", sizes.users()).parameter("groups", model.groups.size())
                .parameter("roles", model.roles.size() + 1).parameter("resources", model.resources.size())
                .parameter("groupsPerUser", PermissionModel.GROUPS_PER_USER)
                .parameter("rolesPerUser", PermissionModel.ROLES_PER_USER + 1)
                .parameter("grantsPerGroupOrRole", PermissionModel.GRANTS_PER_TARGET)
                .parameter("bigRoleGrants", PermissionModel.BIG_ROLE_GRANTS)
                .parameter("directGrantEvery", PermissionModel.DIRECT_GRANT_EVERY)
                .parameter("samples", sizes.samples())
                .parameter("concurrency", context.options().concurrency())
                .parameter("loadConcurrency", context.options().loadConcurrency());
        List<String> userIds = load(context, model, result);

        Progress.say("measuring assign-role, authorize-resources, is-action-allowed");
        assignRole(context, model, userIds, result);
        authorizeResources(context, model, userIds, result);
        Stats.Summary allowed = result.phase(LoadRunner.timed("is-action-allowed (random user/resource/action)",
                context.options().concurrency(), context.warmup(), context.duration(), (worker, stats) -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    boolean answer = context.api().isActionAllowed(userIds.get(random.nextInt(userIds.size())),
                            random.nextBoolean() ? "read" : "write",
                            model.resources.get(random.nextInt(model.resources.size())));
                    stats.tag("allowed:" + answer);
                    return 1;
                }));
        result.figure("isActionAllowedOpsPerSec", allowed.opsPerSec())
                .figure("isActionAllowedP99Ms", allowed.p99Ms());

        bigRoleChanges(context, model, userIds, result);
        result.note("all writes of the load use x-authz-wait: false; every measured write waits for the read side "
                + "(read-your-writes, tags consistency:*), except the disable/enable of the big role, which is "
                + "sent without waiting so that the clock runs from the write to the last sampled answer");
        result.note("the local system is one machine: the load generator, three services, Kafka, PostgreSQL and "
                + "the MongoDB wire server share its CPUs; see machineLoadAverage*");
        return result;
    }

    // ---- load ---------------------------------------------------------------------------------------------

    private static List<String> load(BenchContext context, PermissionModel model, ScenarioResult result) {
        Api api = context.api();
        long started = System.nanoTime();
        int threads = context.options().loadConcurrency();
        result.phase(LoadRunner.fixed("create resources (no wait)", threads, chunks(model.resources.size()),
                "resources", (index, stats) -> {
                    List<String> codes = chunk(model.resources, index);
                    api.createResourcesBatch(codes, false);
                    return codes.size();
                }));
        long usersBefore = api.userCount();
        List<String> userIds = context.createUsers("create users (no wait)", model.users);
        result.phase(LoadRunner.fixed("create groups", threads, chunks(model.groups.size()), "groups",
                (index, stats) -> {
                    List<String> codes = chunk(model.groups, index);
                    api.createGroupsBatch(codes.stream().map(code -> Map.of("code", code, "name", code,
                            "description", "bench")).toList());
                    return codes.size();
                }));
        List<String> allRoles = new ArrayList<>(model.roles);
        allRoles.add(model.bigRole);
        result.phase(LoadRunner.fixed("create roles (no wait)", threads, chunks(allRoles.size()), "roles",
                (index, stats) -> {
                    List<String> codes = chunk(allRoles, index);
                    api.createRolesBatch(codes, false);
                    return codes.size();
                }));

        // Grants first: the memberships that follow then recompute each member once, in their own events.
        List<Map<String, Object>> grants = new ArrayList<>();
        for (int g = 0; g < model.groups.size(); g++) {
            grants.add(Api.grantItem("GROUP", List.of(model.groups.get(g)), model.codes(model.groupGrants[g])));
        }
        for (int r = 0; r < model.roles.size(); r++) {
            grants.add(Api.grantItem("ROLE", List.of(model.roles.get(r)), model.codes(model.roleGrants[r])));
        }
        grants.add(Api.grantItem("ROLE", List.of(model.bigRole), model.bigRoleResources()));
        for (int u = 0; u < model.users; u++) {
            if (model.directGrant[u] >= 0) {
                grants.add(Api.grantItem("USER", List.of(userIds.get(u)),
                        List.of(model.resources.get(model.directGrant[u]))));
            }
        }
        result.phase(LoadRunner.fixed("authorize-resources (no wait, 50 targets/call)", threads,
                (grants.size() + GRANT_ITEMS_PER_CALL - 1) / GRANT_ITEMS_PER_CALL, "targets", (index, stats) -> {
                    int from = (int) index * GRANT_ITEMS_PER_CALL;
                    List<Map<String, Object>> items = grants.subList(from, Math.min(grants.size(),
                            from + GRANT_ITEMS_PER_CALL));
                    api.authorizeResources(items, false);
                    return items.size();
                }));

        // Shuffled: consecutive calls on one group or role would queue behind each other on its aggregate.
        List<Membership> groupCalls = memberships(model.groups, PermissionModel.holders(model.userGroups,
                model.groups.size()), userIds);
        Collections.shuffle(groupCalls, new Random(3));
        result.phase(LoadRunner.fixed("add-group-members (no wait, 100/call)", threads, groupCalls.size(),
                "memberships", (index, stats) -> {
                    Membership call = groupCalls.get((int) index);
                    api.addMembers(call.code(), call.userIds(), false);
                    return call.userIds().size();
                }));
        List<Membership> roleCalls = memberships(model.roles, PermissionModel.holders(model.userRoles,
                model.roles.size()), userIds);
        List<List<Integer>> everyone = List.of(java.util.stream.IntStream.range(0, model.users).boxed().toList());
        roleCalls.addAll(memberships(List.of(model.bigRole), everyone, userIds));
        Collections.shuffle(roleCalls, new Random(5));
        result.phase(LoadRunner.fixed("assign-role (no wait, 100 users/call)", threads, roleCalls.size(),
                "assignments", (index, stats) -> {
                    Membership call = roleCalls.get((int) index);
                    api.assignRole(call.code(), "USER", call.userIds(), false);
                    return call.userIds().size();
                }));
        double ackSeconds = (System.nanoTime() - started) / 1e9;
        Progress.say("  load acknowledged in " + Progress.duration(ackSeconds) + "; waiting for the read side");

        context.awaitCount("users in the read model", usersBefore + model.users, api::userCount, CATCH_UP_TIMEOUT);
        Random random = new Random(7);
        int[] probeUsers = random.ints(PROBE_USERS, 0, model.users).toArray();
        List<List<String>> probeResources = new ArrayList<>();
        for (int user : probeUsers) {
            probeResources.add(model.expectedAllowed(user, random));
        }
        long sweepStarted = System.nanoTime();
        untilAll(context, "sampled users get every answer they should", probeUsers.length, i ->
                probeResources.get(i).stream().allMatch(resource ->
                        context.api().isActionAllowed(userIds.get(probeUsers[i]), "read", resource)),
                sweepStarted, CATCH_UP_TIMEOUT);
        double catchUpSeconds = (System.nanoTime() - started) / 1e9 - ackSeconds;
        result.figure("loadAckSeconds", ackSeconds).figure("loadCatchUpSeconds", catchUpSeconds)
                .figure("loadTotalSeconds", ackSeconds + catchUpSeconds)
                .figure("membershipsLoaded", (long) model.users * (PermissionModel.GROUPS_PER_USER
                        + PermissionModel.ROLES_PER_USER + 1));
        return userIds;
    }

    /** One add-group-members or assign-role call of the load: an owner code and up to 100 users. */
    private record Membership(String code, List<String> userIds) {
    }

    private static List<Membership> memberships(List<String> codes, List<List<Integer>> holders,
                                                List<String> userIds) {
        List<Membership> calls = new ArrayList<>();
        for (int owner = 0; owner < codes.size(); owner++) {
            List<Integer> users = holders.get(owner);
            for (int from = 0; from < users.size(); from += BATCH) {
                calls.add(new Membership(codes.get(owner), users.subList(from, Math.min(users.size(), from + BATCH))
                        .stream().map(userIds::get).toList()));
            }
        }
        return calls;
    }

    private static long chunks(int size) {
        return (size + BATCH - 1) / BATCH;
    }

    private static List<String> chunk(List<String> all, long index) {
        int from = (int) index * BATCH;
        return all.subList(from, Math.min(all.size(), from + BATCH));
    }

    // ---- measured writes ----------------------------------------------------------------------------------

    /** assign-role of one role the user does not hold yet, with read-your-writes; then a RYW probe. */
    private static void assignRole(BenchContext context, PermissionModel model, List<String> userIds,
                                   ScenarioResult result) {
        Api api = context.api();
        Set<String> assigned = ConcurrentHashMap.newKeySet();
        Stats.Summary summary = result.phase(LoadRunner.timed("assign-role 1 user (wait)",
                context.options().concurrency(), context.warmup(), context.duration(), (worker, stats) -> {
                    int[] pair = newAssignment(model, assigned);
                    stats.tag("consistency:" + Api.consistency(api.assignRole(model.roles.get(pair[1]), "USER",
                            List.of(userIds.get(pair[0])), true)));
                    return 1;
                }));
        int violations = 0;
        for (int i = 0; i < RYW_PROBES; i++) {
            int[] pair = newAssignment(model, assigned);
            api.assignRole(model.roles.get(pair[1]), "USER", List.of(userIds.get(pair[0])), true);
            if (!api.isActionAllowed(userIds.get(pair[0]), "read",
                    model.resources.get(model.roleGrants[pair[1]][0]))) {
                violations++;
            }
        }
        result.figure("assignRoleOpsPerSec", summary.opsPerSec()).figure("assignRoleP50Ms", summary.p50Ms())
                .figure("assignRoleP99Ms", summary.p99Ms()).figure("assignRoleRywProbes", RYW_PROBES)
                .figure("assignRoleRywViolations", violations);
    }

    /** A (user, role) pair not held before and not assigned yet in this run. */
    private static int[] newAssignment(PermissionModel model, Set<String> assigned) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            int user = random.nextInt(model.users);
            int role = random.nextInt(model.roles.size());
            if (!model.holdsRole(user, role) && assigned.add(user + "|" + role)) {
                return new int[] {user, role};
            }
        }
    }

    /** authorize-resources of one shared resource to one user, then to one group or role (a fan-out). */
    private static void authorizeResources(BenchContext context, PermissionModel model, List<String> userIds,
                                           ScenarioResult result) {
        Api api = context.api();
        Stats.Summary toUser = result.phase(LoadRunner.timed("authorize-resources -> 1 user (wait)",
                context.options().concurrency(), context.warmup(), context.duration(), (worker, stats) -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String resource = model.resources.get(model.sharedResource(random));
                    stats.tag("consistency:" + Api.consistency(api.authorizeResources(List.of(Api.grantItem("USER",
                            List.of(userIds.get(random.nextInt(userIds.size()))), List.of(resource))), true)));
                    return 1;
                }));
        Stats.Summary toOwner = result.phase(LoadRunner.timed("authorize-resources -> 1 group or role (wait)",
                context.options().concurrency(), context.warmup(), context.duration(), (worker, stats) -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String resource = model.resources.get(model.sharedResource(random));
                    boolean group = random.nextBoolean();
                    List<String> owners = group ? model.groups : model.roles;
                    stats.tag("consistency:" + Api.consistency(api.authorizeResources(List.of(Api.grantItem(
                            group ? "GROUP" : "ROLE", List.of(owners.get(random.nextInt(owners.size()))),
                            List.of(resource))), true)));
                    stats.tag(group ? "target:GROUP" : "target:ROLE");
                    return 1;
                }));
        result.figure("authorizeUserOpsPerSec", toUser.opsPerSec()).figure("authorizeUserP99Ms", toUser.p99Ms())
                .figure("authorizeGroupOrRoleOpsPerSec", toOwner.opsPerSec())
                .figure("authorizeGroupOrRoleP99Ms", toOwner.p99Ms())
                .figure("holdersPerGroup", (double) model.users * PermissionModel.GROUPS_PER_USER / model.groups.size())
                .figure("holdersPerRole", (double) model.users * PermissionModel.ROLES_PER_USER / model.roles.size());
    }

    // ---- the big role: rename, disable, enable ------------------------------------------------------------

    private static void bigRoleChanges(BenchContext context, PermissionModel model, List<String> userIds,
                                       ScenarioResult result) {
        Api api = context.api();
        int samples = context.options().permissions().samples();
        Random random = new Random(11);
        int[] sampled = random.ints(samples, 0, model.users).toArray();
        String[] resources = new String[samples];
        for (int i = 0; i < samples; i++) {
            resources[i] = model.resources.get(random.nextInt(PermissionModel.BIG_ROLE_GRANTS));
        }
        IntPredicate allowed = i -> api.isActionAllowed(userIds.get(sampled[i]), "read", resources[i]);
        IntPredicate denied = allowed.negate();

        // What one sweep over the samples costs when every answer is already right: the clock's resolution.
        double sweepSeconds = max(untilAll(context, "baseline sweep", samples, allowed, System.nanoTime(),
                FLIP_TIMEOUT));

        String newCode = context.unique("big-renamed");
        Progress.say("rename of the big role (held by " + model.users + " users) to " + newCode);
        long renameStarted = System.nanoTime();
        String consistency = Api.consistency(api.updateRole(model.bigRole, Map.of("newCode", newCode), true));
        double renameWriteSeconds = (System.nanoTime() - renameStarted) / 1e9;
        List<String> expected = model.bigRoleResources();
        untilAll(context, "get-role-authorized-resources by the new code", 1,
                i -> api.roleResourceCodes(newCode).containsAll(expected), renameStarted, FLIP_TIMEOUT);
        double newCodeSeconds = (System.nanoTime() - renameStarted) / 1e9;
        double renameAllRight = max(untilAll(context, "sampled holders after the rename", samples, allowed,
                renameStarted, FLIP_TIMEOUT));
        result.figure("sweepSecondsBaseline", sweepSeconds)
                .figure("renameWriteMs", renameWriteSeconds * 1000).figure("renameConsistency", consistency)
                .figure("renameNewCodeAnswersAfterMs", newCodeSeconds * 1000)
                .figure("renameOldCodeAnswers", !api.roleResourceCodes(model.bigRole).isEmpty())
                .figure("renameAllSampledRightAfterSeconds", renameAllRight);

        Progress.say("disable of the big role");
        flip(context, result, "disable", newCode, "DISABLE", samples, denied);
        Progress.say("enable of the big role");
        flip(context, result, "enable", newCode, "ENABLE", samples, allowed);
        result.note("rename: answers follow role ids, so they are right before, during and after the write; "
                + "renameAllSampledRightAfterSeconds = the write plus one sweep over the samples "
                + "(sweepSecondsBaseline = one sweep when nothing changes)");
        result.note("disable/enable: every holder's effective document is recomputed; *AllFlippedAfterSeconds = "
                + "from the write (sent without waiting) until the last sampled holder answered right, "
                + "to within one sweep");
    }

    private static void flip(BenchContext context, ScenarioResult result, String name, String roleCode,
                             String status, int samples, IntPredicate right) {
        long started = System.nanoTime();
        context.api().updateRole(roleCode, Map.of("status", status), false);
        double writeMs = (System.nanoTime() - started) / 1e6;
        double[] flipped = untilAll(context, "sampled holders after " + name, samples, right, started, FLIP_TIMEOUT);
        double[] sorted = flipped.clone();
        Arrays.sort(sorted);
        result.figure(name + "WriteMs", writeMs)
                .figure(name + "HalfFlippedAfterSeconds", sorted[sorted.length / 2])
                .figure(name + "AllFlippedAfterSeconds", sorted[sorted.length - 1]);
    }

    // ---- sweeps -------------------------------------------------------------------------------------------

    /**
     * Checks samples 0..count-1 from --concurrency threads, again and again, until each one holds; returns for
     * each the seconds from {@code startedNanos} to the end of the sweep in which it first held.
     */
    private static double[] untilAll(BenchContext context, String label, int count, IntPredicate holds,
                                     long startedNanos, Duration timeout) {
        double[] heldAfter = new double[count];
        List<Integer> pending = new ArrayList<>(java.util.stream.IntStream.range(0, count).boxed().toList());
        ExecutorService pool = Executors.newFixedThreadPool(context.options().concurrency());
        long lastSaid = System.nanoTime();
        try {
            while (!pending.isEmpty()) {
                if (System.nanoTime() - startedNanos > timeout.toNanos()) {
                    throw new IllegalStateException(label + ": " + pending.size() + " of " + count
                            + " still wrong after " + timeout.toMinutes() + " min");
                }
                List<Future<Boolean>> checks = new ArrayList<>();
                for (int sample : pending) {
                    checks.add(pool.submit(() -> holds.test(sample)));
                }
                Set<Integer> still = new java.util.LinkedHashSet<>();
                for (int i = 0; i < checks.size(); i++) {
                    if (!checked(checks.get(i))) {
                        still.add(pending.get(i));
                    }
                }
                double now = (System.nanoTime() - startedNanos) / 1e9;
                pending.stream().filter(sample -> !still.contains(sample)).forEach(sample -> heldAfter[sample] = now);
                pending = new ArrayList<>(still);
                if (System.nanoTime() - lastSaid > 10_000_000_000L && !pending.isEmpty()) {
                    Progress.say("  %s: %d/%d right after %s".formatted(label, count - pending.size(), count,
                            Progress.duration(now)));
                    lastSaid = System.nanoTime();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Progress.say("  %s: all %d right after %s".formatted(label, count, Progress.duration(max(heldAfter))));
        return heldAfter;
    }

    /** A failed check (an error answer) counts as not right yet. */
    private static boolean checked(Future<Boolean> check) {
        try {
            return check.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}

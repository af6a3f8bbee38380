package dev.authz.bench.scenario;

import dev.authz.bench.Api;
import dev.authz.bench.BenchContext;
import dev.authz.bench.BenchOptions;
import dev.authz.bench.LoadRunner;
import dev.authz.bench.Progress;
import dev.authz.bench.ScenarioResult;
import dev.authz.bench.Stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What time travel costs as the store grows (ADR 6). One user gets a small history: a direct grant, a group with
 * a grant, a role with a grant; --asof-colleagues other users join that group and take that role
 * (--asof-colleagues-per-call at a time, 100 by default),
 * so that the user's own aggregates have long streams, as an "everyone" group has. Then, in rounds, the store
 * grows by --asof-events-per-round events that do not concern the user (create-groups-batch, 100 groups per
 * call), and each round times, at an instant after that growth, get-user-authorized-resources-as-of and
 * is-action-allowed-as-of (a user's effective permissions) beside get-group-as-of (one entity's own stream, the
 * reference): best and median of {@value #CALLS} calls each, every answer checked. Flat rows mean the cost follows the user's history; rising
 * ones mean the answer reads the store.
 */
public final class TimeTravelScenario implements Scenario {
    static final int CALLS = 20;
    static final int GROUPS_PER_CALL = 100;

    @Override
    public ScenarioResult run(BenchContext context) {
        BenchOptions.TimeTravel sizes = context.options().timeTravel();
        Api api = context.api();
        ScenarioResult result = new ScenarioResult("time-travel").parameter("rounds", sizes.rounds())
                .parameter("eventsPerRound", sizes.eventsPerRound())
                .parameter("colleagues", sizes.colleagues()).parameter("colleaguesPerCall", sizes.colleaguesPerCall())
                .parameter("callsPerMeasurement", CALLS);

        String direct = context.unique("tr");
        String viaGroup = context.unique("tr");
        String viaRole = context.unique("tr");
        String group = context.unique("tg");
        String role = context.unique("trole");
        api.createResourcesBatch(List.of(direct, viaGroup, viaRole), true);
        String userId = context.createUsers("create the user", 1).get(0);
        api.createGroupsBatch(List.of(Map.of("code", group, "name", group)));
        api.addMembers(group, List.of(userId), true);
        api.createRolesBatch(List.of(role), true);
        api.assignRole(role, "USER", List.of(userId), true);
        api.authorizeResources(List.of(Api.grantItem("USER", List.of(userId), List.of(direct)),
                Api.grantItem("GROUP", List.of(group), List.of(viaGroup)),
                Api.grantItem("ROLE", List.of(role), List.of(viaRole))), true);
        List<String> expected = List.of(direct, viaGroup, viaRole);
        if (sizes.colleagues() > 0) { // long group and role streams, full of other users' memberships
            List<String> colleagues = context.createUsers("create the colleagues", sizes.colleagues());
            int perCall = sizes.colleaguesPerCall();
            LoadRunner.fixed("colleagues join the group and take the role", context.options().loadConcurrency(),
                    (colleagues.size() + perCall - 1) / perCall, "users", (index, stats) -> {
                        List<String> batch = colleagues.subList((int) index * perCall,
                                (int) Math.min(colleagues.size(), (index + 1) * perCall));
                        api.addMembers(group, batch, false);
                        api.assignRole(role, "USER", batch, false);
                        return batch.size();
                    });
            // Time travel reads the event store only, but a read side still projecting the load takes the CPU:
            // measure once it has caught up with the group.
            long started = System.nanoTime();
            while (api.listMembers(group, 1, 1).totalCount() < 1 + sizes.colleagues()) {
                LoadRunner.sleep(Duration.ofSeconds(1));
            }
            Progress.say(String.format("  the read side caught up with the colleagues in %.1f s",
                    (System.nanoTime() - started) / 1e9));
        }

        List<Map<String, Object>> rounds = new ArrayList<>();
        long added = 0;
        for (int round = 0; round <= sizes.rounds(); round++) {
            if (round > 0) {
                long calls = (sizes.eventsPerRound() + GROUPS_PER_CALL - 1) / GROUPS_PER_CALL;
                LoadRunner.fixed("round " + round + ": grow the store", context.options().loadConcurrency(), calls,
                        "events", (index, stats) -> {
                            List<Map<String, String>> groups = new ArrayList<>(GROUPS_PER_CALL);
                            for (int i = 0; i < GROUPS_PER_CALL; i++) {
                                String code = context.unique("tt");
                                groups.add(Map.of("code", code, "name", code));
                            }
                            api.createGroupsBatch(groups);
                            return GROUPS_PER_CALL;
                        });
                added += calls * GROUPS_PER_CALL;
            }
            // After the growth: the events between the user's history and this instant are what a fold may read.
            LoadRunner.sleep(Duration.ofMillis(5));
            Instant at = Instant.now();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("eventsAddedBefore", added);
            row.put("userAuthorizedResourcesAsOf", time("get-user-authorized-resources-as-of",
                    () -> api.authorizedResourceCodesAsOf(userId, at).containsAll(expected)));
            row.put("isActionAllowedAsOf", time("is-action-allowed-as-of",
                    () -> api.isActionAllowedAsOf(userId, "read", viaRole, at)));
            row.put("groupAsOf", time("get-group-as-of",
                    () -> api.groupMembersAsOf(group, at) == 1 + sizes.colleagues()));
            Progress.say("  after " + added + " more events: " + row);
            rounds.add(row);
        }
        result.figure("rounds", rounds);
        result.note("each measurement is the best and the median of " + CALLS + " sequential calls at an instant "
                + "after the round's growth, so every event stored so far lies between the user's history and it; "
                + "eventsAddedBefore counts the events this scenario stored before the round (the store may hold "
                + "others from before the run)");
        return result;
    }

    /** The best and the median of a measurement's calls. */
    record Timing(double bestMs, double medianMs) {
    }

    /** {@value #CALLS} calls; every one must answer what the user's history says. */
    private static Timing time(String what, BooleanSupplier call) {
        double[] millis = new double[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long started = System.nanoTime();
            if (!call.getAsBoolean()) {
                throw new IllegalStateException(what + " did not answer what the user's history says");
            }
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return new Timing(Stats.round(millis[0], 1), Stats.round(millis[CALLS / 2], 1));
    }
}

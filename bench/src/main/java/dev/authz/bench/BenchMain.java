package dev.authz.bench;

import dev.authz.bench.scenario.AddMembersScenario;
import dev.authz.bench.scenario.CreateGroupScenario;
import dev.authz.bench.scenario.LargeGroupScenario;
import dev.authz.bench.scenario.ListMembersScenario;
import dev.authz.bench.scenario.PermissionsScenario;
import dev.authz.bench.scenario.RebuildScenario;
import dev.authz.bench.scenario.Scenario;
import dev.authz.bench.scenario.TargetsScenario;
import dev.authz.bench.scenario.TimeTravelScenario;
import dev.authz.bench.scenario.WriteToReadLagScenario;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code java -jar bench/target/bench.jar --help}: runs the chosen scenarios against a running system (or one it
 * starts), one after the other, writing one JSON result per scenario and a summary table at the end.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--chart")) {
            TargetsChart.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        System.exit(run(options));
    }

    static int run(BenchOptions options) {
        LocalStack local = null;
        Thread stopLocal = null;
        try {
            String url = options.url();
            String poolId = options.poolId();
            String secret = options.secret();
            String querySideUrl = options.rebuild().querySideUrl();
            String internalToken = options.rebuild().internalToken();
            if (options.local()) {
                local = LocalStack.start(options);
                LocalStack started = local;
                stopLocal = new Thread(started::close, "bench-stop-local");
                Runtime.getRuntime().addShutdownHook(stopLocal);
                url = local.url();
                poolId = local.poolId();
                secret = local.secret();
                querySideUrl = local.querySideUrl();
                internalToken = local.internalToken();
            }
            String runId = "b" + Long.toString(System.currentTimeMillis() / 1000, 36)
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
            BenchContext context = new BenchContext(new Api(url, poolId, secret), options, runId,
                    querySideUrl == null ? null : new QuerySideAdmin(querySideUrl, internalToken),
                    local == null ? null : local.dataDir());
            Map<String, Object> environment = new LinkedHashMap<>();
            environment.put("runId", runId);
            environment.put("url", url);
            environment.put("machine", Machine.describe());
            environment.put("git", Machine.git());
            environment.put("options", options.describe());
            ResultWriter writer = new ResultWriter(options.out(), environment);
            Progress.say("bench run " + runId + " against " + url + ": " + options.scenarios());

            List<ScenarioResult> results = new ArrayList<>();
            int failures = 0;
            for (String name : options.scenarios()) {
                Scenario scenario = scenario(name);
                Instant started = Instant.now();
                Progress.say("=== " + name + " ===");
                try {
                    String loadBefore = Machine.loadAverage();
                    ScenarioResult result = scenario.run(context);
                    // Another build or test suite on the machine shows here: a reason to distrust the numbers.
                    result.figure("machineLoadAverageBefore", loadBefore)
                            .figure("machineLoadAverageAfter", Machine.loadAverage());
                    Path file = writer.write(result, started, Instant.now());
                    results.add(result);
                    System.out.print(ResultWriter.table(result));
                    Progress.say("wrote " + file);
                } catch (RuntimeException e) {
                    failures++;
                    Progress.say(name + " FAILED: " + e);
                    e.printStackTrace();
                }
            }
            System.out.println();
            System.out.println("==================== summary (" + runId + ") ====================");
            results.forEach(result -> System.out.print(ResultWriter.table(result)));
            return failures == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            Progress.say("bench FAILED: " + e.getMessage());
            return 1;
        } finally {
            if (local != null) {
                local.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopLocal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway; close() is idempotent enough (the process is gone)
                }
            }
        }
    }

    static Scenario scenario(String name) {
        return switch (name) {
            case "create-group" -> new CreateGroupScenario();
            case "add-members" -> new AddMembersScenario();
            case "list-members" -> new ListMembersScenario();
            case "write-to-read-lag" -> new WriteToReadLagScenario();
            case "large-group" -> new LargeGroupScenario();
            case "permissions" -> new PermissionsScenario();
            case "rebuild" -> new RebuildScenario();
            case "targets" -> new TargetsScenario();
            case "time-travel" -> new TimeTravelScenario();
            default -> throw new IllegalArgumentException(name);
        };
    }
}

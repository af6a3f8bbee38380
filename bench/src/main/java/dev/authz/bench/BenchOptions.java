package dev.authz.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Command-line options; see {@link #USAGE}. */
public record BenchOptions(String url, String poolId, String secret, boolean local, String serviceXmx,
                           String devstackXmx, boolean readModelInMemory, int querySides, Path localDataDir, List<String> scenarios, int durationSeconds, int warmupSeconds,
                           int concurrency, int loadConcurrency, int largeMembers, int listGroupSize,
                           int lagSamples, int probeCalls, int targetRate, List<Integer> lagRates, Permissions permissions, Rebuild rebuild,
                           TimeTravel timeTravel,
                           Path out) {

    /** Sizes of the permissions scenario. */
    public record Permissions(int users, int groups, int roles, int resources, int samples) {
    }

    /** The rebuild scenario: events to load, and the query side's address and internal token with --url. */
    public record Rebuild(int events, String querySideUrl, String internalToken) {
    }

    /** The time-travel scenario: rounds of store growth, events added per round, other members of the user's group. */
    public record TimeTravel(int rounds, int eventsPerRound, int colleagues, int colleaguesPerCall) {
    }

    public static final List<String> ALL = List.of("create-group", "add-members", "list-members",
            "write-to-read-lag", "large-group", "permissions");
    /** Environment variables whose values stay out of result files (DATABASE_URL-style settings may hold one). */
    private static final Pattern SECRET_NAME = Pattern.compile("SECRET|TOKEN|PASSWORD|POOLS|KEY|URL");
    /** Not in "all": a rebuild replaces the target's whole read model (and takes long at the default size). */
    public static final List<String> OTHERS = List.of("rebuild", "targets", "time-travel");

    public static final String USAGE = """
            usage: java -jar bench/target/bench.jar [target] [options]
            target (one of):
              --url URL --pool-id ID --secret S   a running system (gateway URL, pool accessKeyId/secret);
                                                  also from AUTHZ_BENCH_URL / AUTHZ_BENCH_POOL_ID / AUTHZ_BENCH_SECRET
              --local                             start devstack/target/devstack.jar on a temp data dir, stop it after
                --service-xmx SIZE                  heap of each service with --local (default: devstack's, the images' heap)
                --data-dir DIR                      keep the local system's data here instead of a temp dir
                --read-model file|memory            the local MongoDB's storage (default file = H2, as the local
                                                    run; memory = several times faster to fill, for big loads)
                --devstack-xmx SIZE                 heap of devstack itself, which holds MongoDB (default 2g)
                --query-sides N                     query-side instances sharing the topic (default 1; the
                                                    writes wait on the first; CPU and RSS are summed / maxed)
            options:
              --scenario NAME|all        %s (default all); comma-separated for several
              --duration-seconds N       measured window of each timed phase (default 30)
              --warmup-seconds N         discarded warm-up before each timed phase (default 10)
              --concurrency N            client threads of the measured phases (default 8)
              --load-concurrency N       client threads of bulk loads, x-authz-wait: false (default 16)
              --large-members N          members of the large-group scenario's group (default 1000000)
              --list-group-size N        members of the list-members scenario's group (default 5000)
              --lag-samples N            measured writes of write-to-read-lag (default 200, plus 20 warm-up)
              --probe-calls N            add-members calls per group in large-group's comparison (default 200)
              --target-rate N            targets: writes per second of the lag measurement (default 500)
              --lag-rates N,N,...        targets: also measure the lag at these rates first, on the same system
                                         (where the lag target holds on this machine; default none)
              --perm-users N             permissions: users (default 100000), each in 3 groups and 2 roles,
                                         all holding one big role
              --perm-groups N            permissions: groups (default 1000)
              --perm-roles N             permissions: roles besides the big one (default 1000)
              --perm-resources N         permissions: resources (default 10000)
              --perm-samples N           permissions: holders sampled after a rename/disable (default 1000)
              --rebuild-events N         events the rebuild scenario loads before rebuilding (default 1000000)
              --query-url URL            rebuild with --url: the query side (default $AUTHZ_QUERY_SIDE_URL)
              --internal-token T         rebuild with --url: its internal token (default $AUTHZ_INTERNAL_TOKEN)
              --asof-rounds N            time-travel: rounds of store growth (default 4)
              --asof-events-per-round N  time-travel: events added per round (default 20000)
              --asof-colleagues N        time-travel: other users in the user's group and role (default 0)
              --asof-colleagues-per-call N  time-travel: colleagues per add-group-members / assign-role call,
                                         i.e. how long those streams get (default 100)
              --out DIR                  where the JSON results go (default bench/results)
            scenarios outside "all": %s
            """.formatted(String.join(", ", ALL), String.join(", ", OTHERS));

    public static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean local = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--local")) {
                local = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                values.put(arg.substring(2), args[++i]);
            } else {
                throw new UsageException("unknown or incomplete option " + arg);
            }
        }
        String url = take(values, "url", System.getenv("AUTHZ_BENCH_URL"));
        String poolId = take(values, "pool-id", System.getenv("AUTHZ_BENCH_POOL_ID"));
        String secret = take(values, "secret", System.getenv("AUTHZ_BENCH_SECRET"));
        String serviceXmx = take(values, "service-xmx", null);
        String devstackXmx = take(values, "devstack-xmx", "2g");
        String readModel = take(values, "read-model", "file");
        if (!readModel.equals("file") && !readModel.equals("memory")) {
            throw new UsageException("--read-model is file or memory, not " + readModel);
        }
        String dataDir = take(values, "data-dir", null);
        String scenario = take(values, "scenario", "all");
        List<String> scenarios = scenario.equals("all") ? ALL : List.of(scenario.split(","));
        for (String name : scenarios) {
            if (!ALL.contains(name) && !OTHERS.contains(name)) {
                throw new UsageException("unknown scenario " + name);
            }
        }
        BenchOptions options = new BenchOptions(url, poolId, secret, local, serviceXmx, devstackXmx,
                readModel.equals("memory"), positive(values, "query-sides", 1),
                dataDir == null ? null : Path.of(dataDir), scenarios,
                positive(values, "duration-seconds", 30), nonNegative(values, "warmup-seconds", 10),
                positive(values, "concurrency", 8), positive(values, "load-concurrency", 16),
                positive(values, "large-members", 1_000_000), positive(values, "list-group-size", 5000),
                positive(values, "lag-samples", 200), positive(values, "probe-calls", 200),
                positive(values, "target-rate", 500), rates(values, "lag-rates"),
                new Permissions(positive(values, "perm-users", 100_000), positive(values, "perm-groups", 1000),
                        positive(values, "perm-roles", 1000), positive(values, "perm-resources", 10_000),
                        positive(values, "perm-samples", 1000)),
                new Rebuild(positive(values, "rebuild-events", 1_000_000),
                        take(values, "query-url", System.getenv("AUTHZ_QUERY_SIDE_URL")),
                        take(values, "internal-token", System.getenv("AUTHZ_INTERNAL_TOKEN"))),
                new TimeTravel(positive(values, "asof-rounds", 4), positive(values, "asof-events-per-round", 20_000),
                        nonNegative(values, "asof-colleagues", 0),
                        positive(values, "asof-colleagues-per-call", 100)),
                Path.of(take(values, "out", "bench/results")));
        if (!values.isEmpty()) {
            throw new UsageException("unknown option(s) " + values.keySet());
        }
        if (!local && (url == null || poolId == null || secret == null)) {
            throw new UsageException("give --url, --pool-id and --secret, or --local");
        }
        return options;
    }

    /** The options as they go into every result file (without the secret). */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", local ? "local devstack" : url);
        if (local) {
            out.put("serviceXmx", serviceXmx == null ? "devstack default" : serviceXmx);
            out.put("devstackXmx", devstackXmx);
            out.put("readModel", readModelInMemory ? "memory" : "file (H2)");
            out.put("querySides", querySides);
            Map<String, String> settings = localSystemSettings(System.getenv());
            if (!settings.isEmpty()) {
                out.put("environment", settings);
            }
        }
        out.put("durationSeconds", durationSeconds);
        out.put("warmupSeconds", warmupSeconds);
        out.put("concurrency", concurrency);
        out.put("loadConcurrency", loadConcurrency);
        return out;
    }

    /**
     * The {@code AUTHZ_*} variables of the bench's environment, which the local system (devstack and, through it,
     * the services) inherits: consumer threads, service JVM options and the like, so that an A/B run says which
     * side it was. Values of secrets are left out.
     */
    static Map<String, String> localSystemSettings(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("AUTHZ_") && !value.isBlank() && !LocalStack.NOT_INHERITED.contains(name)) {
                settings.put(name, SECRET_NAME.matcher(name).find() ? "(set)" : value.trim());
            }
        });
        return settings;
    }

    private static String take(Map<String, String> values, String name, String fallback) {
        String value = values.remove(name);
        return value != null ? value : fallback;
    }

    /** A comma-separated list of positive numbers, in the order given; empty when the option is absent. */
    private static List<Integer> rates(Map<String, String> values, String name) {
        String value = take(values, name, null);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim)
                .map(rate -> positive(new LinkedHashMap<>(Map.of(name, rate)), name, 1)).toList();
    }

    private static int positive(Map<String, String> values, String name, int fallback) {
        int value = nonNegative(values, name, fallback);
        if (value == 0) {
            throw new UsageException("--" + name + " must be > 0");
        }
        return value;
    }

    private static int nonNegative(Map<String, String> values, String name, int fallback) {
        String value = take(values, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.replace("_", ""));
            if (parsed < 0) {
                throw new UsageException("--" + name + " must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, not " + value);
        }
    }

    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}

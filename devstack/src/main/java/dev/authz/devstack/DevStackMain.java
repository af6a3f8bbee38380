package dev.authz.devstack;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: {@code java -jar devstack/target/devstack.jar [--port 8080] [--data-dir .data] [--verbose]}.
 * Starts everything, prints where to point the SDK, and stops it all on Ctrl-C. {@code devstack.jar rebuild}
 * rebuilds the read models of a running system instead ({@link RebuildCommand}).
 */
public final class DevStackMain {

    private static final String USAGE = """
            usage: java -jar devstack/target/devstack.jar [options]
              --port N          gateway port (default: $AUTHZ_PORT or 8080)
              --service-ports C,Q
                                the command and query sides' ports (default 8081,8082)
              --data-dir DIR    where data and logs are kept (default: <repo>/.data)
              --verbose         also print the services' logs here
              --query-sides N   run N query-side instances (default 1): they share the event topic's
                                partitions and tell each other what they applied (ADR 3); the gateway
                                and the command side talk to the first, the others listen on the next ports
              --read-model-in-memory
                                keep the read model (MongoDB) in memory: faster, lost at exit (benchmarks)
              --infra-only      start only PostgreSQL, Kafka and MongoDB, and write each service's settings
                                to <data-dir>/<service>.env (for services run from an IDE or their images)
            environment: AUTHZ_USER_POOLS=poolId:secret[,...] to use your own pools instead of the generated one
            also: java -jar devstack/target/devstack.jar rebuild [--help]
                  rebuilds every read model of a running system from its event store
            """;

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("rebuild")) {
            System.exit(RebuildCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        Integer port = System.getenv("AUTHZ_PORT") != null ? Integer.valueOf(System.getenv("AUTHZ_PORT")) : null;
        Path dataDir = null;
        boolean verbose = false;
        boolean readModelInMemory = false;
        boolean infrastructureOnly = false;
        int[] servicePorts = null;
        int querySides = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.valueOf(valueAfter(args, i++));
                case "--data-dir" -> dataDir = Path.of(valueAfter(args, i++));
                case "--verbose" -> verbose = true;
                case "--read-model-in-memory" -> readModelInMemory = true;
                case "--infra-only" -> infrastructureOnly = true;
                case "--query-sides" -> querySides = Integer.parseInt(valueAfter(args, i++));
                case "--service-ports" -> servicePorts = java.util.Arrays.stream(valueAfter(args, i++).split(","))
                        .mapToInt(Integer::parseInt).toArray();
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> {
                    System.err.print("unknown option " + args[i] + System.lineSeparator() + USAGE);
                    System.exit(2);
                }
            }
        }
        if (dataDir == null) {
            dataDir = ServiceJars.locate().repoRoot().resolve(".data");
        }

        LocalSystem.Builder builder = LocalSystem.builder()
                .dataDir(dataDir)
                .echoServiceLogs(verbose)
                .readModelInMemory(readModelInMemory)
                .infrastructureOnly(infrastructureOnly)
                .querySideInstances(querySides)
                .progress(DevStackMain::say);
        if (port != null) {
            builder.gatewayPort(port);
        }
        if (servicePorts != null && servicePorts.length == 2) {
            builder.commandSidePort(servicePorts[0]).querySidePort(servicePorts[1]);
        }
        say("authz devstack, data in " + dataDir.toAbsolutePath());
        LocalSystem system;
        try {
            system = builder.build().start();
        } catch (Exception e) {
            // Exit, whatever failed: Kafka's and PostgreSQL's threads would keep a JVM whose main thread died alive.
            System.err.println(System.lineSeparator() + "devstack could not start: " + e.getMessage());
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping ...");
            system.close();
            say("stopped");
            stopped.countDown();
        }, "devstack-stop"));
        System.out.println(infrastructureOnly ? infrastructureBanner(system) : banner(system));
        stopped.await();
    }

    static String banner(LocalSystem system) {
        String api = system.gatewayUrl();
        StringBuilder moreQuerySides = new StringBuilder();
        system.querySides().stream().skip(1).forEach(instance ->
                moreQuerySides.append("%n   %-22s %s/swagger-ui.html".formatted(instance.name(), instance.url())));
        return """

                ================================================================================
                 authz is running

                   API (gateway)          %1$s
                   Health                 %1$s/actuator/health
                   Command side Swagger   %2$s/swagger-ui.html
                   Query side Swagger     %3$s/swagger-ui.html%11$s

                   accessKeyId            %4$s
                   accessKeySecret        %5$s

                   const { ManagementClient } = require('authing-node-sdk');
                   const client = new ManagementClient({
                     accessKeyId: '%4$s', accessKeySecret: '%5$s', host: '%1$s',
                   });
                   client.listGroups({ page: 1, limit: 10 }).then((res) => console.log(res));

                   PostgreSQL %6$s   Kafka %7$s   MongoDB %8$s
                   Event stream           topic %10$s on Kafka %7$s (docs/event-stream.md)
                   Data and logs in %9$s
                 Ctrl-C stops everything.
                ================================================================================
                """.formatted(api, system.commandSide().url(), system.querySide().url(), system.poolId(),
                system.poolSecret(), system.postgres().jdbcUrl(), system.kafka().bootstrapServers(),
                system.mongoUri(), system.dataDir(), system.eventsTopic(), moreQuerySides);
    }

    static String infrastructureBanner(LocalSystem system) {
        StringBuilder files = new StringBuilder();
        ServiceEnvironments.files(system.dataDir(), system.services()).forEach((service, file) ->
                files.append("   %-22s %s%n".formatted(service, file)));
        return """

                ================================================================================
                 authz infrastructure is running (no services: --infra-only)

                   PostgreSQL %s   Kafka %s   MongoDB %s
                 Each service's settings (NAME=value, e.g. docker run --network host --env-file FILE):
                %s
                   accessKeyId            %s
                   accessKeySecret        %s
                 Ctrl-C stops everything.
                ================================================================================
                """.formatted(system.postgres().jdbcUrl(), system.kafka().bootstrapServers(), system.mongoUri(),
                files, system.poolId(), system.poolSecret());
    }

    private static String valueAfter(String[] args, int i) {
        if (i + 1 >= args.length) {
            System.err.print(args[i] + " needs a value" + System.lineSeparator() + USAGE);
            System.exit(2);
        }
        return args[i + 1];
    }

    private static void say(String message) {
        System.out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + message);
    }
}

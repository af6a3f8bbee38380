package dev.authz.examples.accesscache;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar user-access-cache.jar --bootstrap-servers HOST:PORT [--topic authz.events]
 * [--state-file user-access-cache.json] [--port 8090]}
 */
public final class AccessCacheMain {
    private static final String USAGE = """
            usage: java -jar user-access-cache.jar --bootstrap-servers HOST:PORT [--topic authz.events]
                   [--state-file user-access-cache.json] [--port 8090]
            (KAFKA_BOOTSTRAP_SERVERS and AUTHZ_EVENTS_TOPIC are read too)
            """;

    private AccessCacheMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String bootstrap = options.getOrDefault("--bootstrap-servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        if (bootstrap == null || bootstrap.isBlank()) {
            System.err.print("--bootstrap-servers is required (devstack prints its Kafka address)\n" + USAGE);
            System.exit(2);
        }
        String envTopic = System.getenv("AUTHZ_EVENTS_TOPIC");
        String topic = options.getOrDefault("--topic", envTopic == null ? "authz.events" : envTopic);
        Path stateFile = Path.of(options.getOrDefault("--state-file", "user-access-cache.json"));
        int port = Integer.parseInt(options.getOrDefault("--port", "8090"));

        AccessCache cache = new AccessCache(bootstrap, topic, CheckpointStore.file(stateFile)).start();
        HttpApi api = new HttpApi(cache, "127.0.0.1", port, System::currentTimeMillis);
        System.out.printf("user-access-cache: following %s at %s, state in %s%n"
                        + "  curl 'http://127.0.0.1:%d/access?pool=<poolId>&user=<userId>'%n"
                        + "  curl 'http://127.0.0.1:%d/who-has?pool=<poolId>&role=default:<roleCode>'%n"
                        + "  curl 'http://127.0.0.1:%d/status'%n",
                topic, bootstrap, stateFile.toAbsolutePath(), api.port(), api.port(), api.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            cache.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.print("bad argument " + args[i] + "\n" + USAGE);
                System.exit(2);
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}

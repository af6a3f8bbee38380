package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A steady mix of writes through the gateway, signed like the SDK (create-users-batch, create-group,
 * add-group-members, remove-group-members, update-group with newCode, assign-role, and a duplicate create-group
 * that must be refused), from a few writer threads, plus one reader. Every write carries its own
 * {@code x-request-id} and its outcome is recorded: acknowledged, refused with an envelope, 503 envelope, transport
 * error, or anything else (always a defect).
 *
 * <p>Each writer acts only on users, groups and roles it created itself, so the expected state is exact. A write
 * whose answer was lost (503, transport error) may or may not have happened: its entities are left alone from
 * then on, and {@link #settle} decides from the audit log (the entry is written in the write's own transaction),
 * before the expected state is compared with what the reads answer.
 */
final class WriteLoad implements AutoCloseable {
    static final String CONSISTENCY = "x-authz-consistency";
    private static final int MAX_MEMBERS = 40;
    private static final long PAUSE_MILLIS = 200;
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 400;

    enum Outcome {
        /** statusCode 200. */
        ACKNOWLEDGED,
        /** A business refusal: the SDK envelope with a 4xx statusCode, an apiCode and a message. */
        REFUSED,
        /** HTTP 503 with the envelope (a side is unreachable): the write may or may not have happened. */
        UNAVAILABLE,
        /** No answer at all: the write may or may not have happened. */
        TRANSPORT_ERROR,
        /** A 500, a page that is not the envelope, an envelope without apiCode or message: never acceptable. */
        UNCLEAR
    }

    /** One write as the client saw it. */
    record Write(String requestId, String operation, Map<String, Object> body, Outcome outcome, int httpStatus,
                 JsonNode answer, String consistency, String error, boolean refusalExpected, long millis) {
        boolean answerLost() {
            return outcome == Outcome.UNAVAILABLE || outcome == Outcome.TRANSPORT_ERROR;
        }

        @Override
        public String toString() {
            return operation + " " + requestId + " -> " + outcome + " in " + millis + " ms (HTTP " + httpStatus + ", "
                    + (error != null ? error : String.valueOf(answer)) + ")";
        }
    }

    /** One read of the probe, classified like a write (ACKNOWLEDGED: served). */
    record Read(long atMillis, Outcome outcome, int httpStatus, JsonNode answer, String error) {
        @Override
        public String toString() {
            return "read at " + atMillis + " -> " + outcome + " (HTTP " + httpStatus + ", "
                    + (error != null ? error : String.valueOf(answer)) + ")";
        }
    }

    /** What the system must show once every write is settled. */
    static final class Expected {
        final Map<String, String> usernames = new ConcurrentHashMap<>(); // username -> userId ("" when unknown)
        final Set<String> absentUsernames = ConcurrentHashMap.newKeySet();
        final Map<String, Group> groups = new ConcurrentHashMap<>(); // by current code
        final Set<String> absentGroupCodes = ConcurrentHashMap.newKeySet();
        final Map<String, Set<String>> roleMembers = new ConcurrentHashMap<>(); // role code -> user ids
    }

    record Group(String name, Set<String> members) {
    }

    /** What to make of a write whose answer was lost, once the audit log says whether it happened. */
    private record Pending(Runnable ifHappened, Runnable ifNot) {
    }

    private final SignedClient client;
    private final String prefix;
    private final Expected expected = new Expected();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<Read> reads = new CopyOnWriteArrayList<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> crashes = new CopyOnWriteArrayList<>();

    /**
     * Starts {@code writers} writer threads (the first one opts out of the read-your-writes wait, as a bulk loader
     * would) and one reader. Each writer first creates two roles, two users and a group.
     */
    WriteLoad(SignedClient client, String prefix, int writers, long seed) {
        this.client = client;
        this.prefix = prefix;
        for (int i = 0; i < writers; i++) {
            Writer writer = new Writer(i, new Random(seed + i), i == 0);
            threads.add(start(prefix + "-writer-" + i, writer::run));
        }
        threads.add(start(prefix + "-reader", this::readLoop));
    }

    /** Stops the load and waits for the writes in flight to be answered. */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    List<Read> reads() {
        return List.copyOf(reads);
    }

    List<Throwable> crashes() {
        return List.copyOf(crashes);
    }

    long count(Outcome outcome) {
        return writes.stream().filter(w -> w.outcome() == outcome).count();
    }

    /** Waits until this many writes were acknowledged since the load started (or fails after the timeout). */
    void awaitAcknowledged(long atLeast, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (count(Outcome.ACKNOWLEDGED) < atLeast) {
            if (System.currentTimeMillis() > deadline || !crashes.isEmpty()) {
                throw new AssertionError("only " + count(Outcome.ACKNOWLEDGED) + " of " + atLeast
                        + " writes acknowledged; crashes " + crashes + "; last writes " + tail(writes, 5));
            }
            Thread.sleep(100);
        }
    }

    /** The result of settling the writes whose answer was lost. */
    record Settled(int happened, int refused, int didNotHappen) {
    }

    /**
     * Decides every write whose answer was lost from its audit entries (at most one, found by request id) and
     * updates the expected state accordingly. Call once the read side has caught up.
     */
    Settled settle(Function<String, JsonNode> auditEntriesByRequestId) {
        int happened = 0;
        int refused = 0;
        int didNotHappen = 0;
        for (Write write : writes) {
            if (!write.answerLost()) {
                continue;
            }
            JsonNode entries = auditEntriesByRequestId.apply(write.requestId());
            if (entries.size() > 1) {
                throw new AssertionError("more than one audit entry for " + write + ": " + entries);
            }
            Pending effect = pending.getOrDefault(write.requestId(), new Pending(() -> { }, () -> { }));
            if (entries.size() == 1 && entries.get(0).path("success").asBoolean()) {
                happened++;
                effect.ifHappened().run();
            } else {
                if (entries.size() == 1) {
                    refused++;
                } else {
                    didNotHappen++;
                }
                effect.ifNot().run();
            }
        }
        return new Settled(happened, refused, didNotHappen);
    }

    /** Every difference between the expected state and what reads through the gateway answer. */
    List<String> differencesFromReads(SignedClient reader) {
        List<String> differences = new ArrayList<>();
        expected.usernames.forEach((username, userId) -> {
            SignedClient.Response user = reader.get("/api/v3/get-user", Map.of("userId", username, "userIdType", "username"));
            if (user.statusCode() != 200 || (!userId.isEmpty() && !userId.equals(user.data().path("userId").asText()))) {
                differences.add("user " + username + " (" + userId + "): " + user.body());
            }
        });
        expected.absentUsernames.forEach(username -> {
            int status = reader.get("/api/v3/get-user", Map.of("userId", username, "userIdType", "username")).statusCode();
            if (status != 404) {
                differences.add("user " + username + " should not exist, get-user answers " + status);
            }
        });
        expected.groups.forEach((code, group) -> {
            SignedClient.Response got = reader.get("/api/v3/get-group", Map.of("code", code));
            if (got.statusCode() != 200 || !group.name().equals(got.data().path("name").asText())) {
                differences.add("group " + code + " should be named " + group.name() + ": " + got.body());
            }
            Members members = members(reader, "/api/v3/list-group-members", Map.of("code", code, "limit", 50));
            if (members.total() != group.members().size() || !members.ids().equals(group.members())) {
                differences.add("group " + code + " should have members " + new TreeSet<>(group.members()) + ", has "
                        + members);
            }
        });
        expected.absentGroupCodes.forEach(code -> {
            int status = reader.get("/api/v3/get-group", Map.of("code", code)).statusCode();
            if (status != 404) {
                differences.add("group code " + code + " should not exist, get-group answers " + status);
            }
        });
        expected.roleMembers.forEach((code, userIds) -> {
            Members members = members(reader, "/api/v3/list-role-members",
                    Map.of("code", code, "namespace", "default", "limit", 50));
            if (members.total() != userIds.size() || !members.ids().equals(userIds)) {
                differences.add("role " + code + " should have members " + new TreeSet<>(userIds) + ", has " + members);
            }
        });
        return differences;
    }

    Expected expected() {
        return expected;
    }

    /** A page of users (at most 50, which is more than a writer ever adds): totalCount and the user ids. */
    record Members(long total, Set<String> ids) {
    }

    static Members members(SignedClient reader, String path, Map<String, ?> params) {
        JsonNode page = reader.get(path, params).data();
        Set<String> ids = new TreeSet<>();
        page.path("list").forEach(user -> ids.add(user.path("userId").asText()));
        return new Members(page.path("totalCount").asLong(-1), ids);
    }

    private Thread start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                crashes.add(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Reads a group this load created, every 200 ms, recording what each read answered. */
    private void readLoop() {
        Random random = new Random(prefix.hashCode());
        while (running.get()) {
            List<String> codes = new ArrayList<>(expected.groups.keySet());
            if (!codes.isEmpty()) {
                String code = codes.get(random.nextInt(codes.size()));
                long at = System.currentTimeMillis();
                try {
                    SignedClient.Response response = client.get("/api/v3/get-group", Map.of("code", code));
                    reads.add(new Read(at, classify(response), response.status(), response.body(), null));
                } catch (RuntimeException e) {
                    reads.add(new Read(at, Outcome.TRANSPORT_ERROR, -1, null, e.toString()));
                }
            }
            sleep(200);
        }
    }

    /** One writer thread and the entities it owns (those it may still act on). */
    private final class Writer {
        private final int number;
        private final Random random;
        private final Map<String, String> headers;
        private final List<String> users = new ArrayList<>();
        private final List<String> groups = new ArrayList<>();
        private final List<String> roles = new ArrayList<>();
        private int sequence;

        Writer(int number, Random random, boolean skipReadYourWrites) {
            this.number = number;
            this.random = random;
            this.headers = skipReadYourWrites ? Map.of("x-authz-wait", "false") : Map.of();
        }

        void run() {
            createRole();
            createRole();
            createUsers();
            createGroup();
            while (running.get()) {
                Write write = step();
                sleep(write.outcome() == Outcome.ACKNOWLEDGED ? PAUSE_MILLIS : PAUSE_AFTER_FAILURE_MILLIS);
            }
        }

        private Write step() {
            int dice = random.nextInt(100);
            if (users.isEmpty() || dice < 12) {
                return createUsers();
            }
            if (groups.isEmpty() || dice < 26) {
                return createGroup();
            }
            if (dice < 50) {
                return addMembers(any(groups));
            }
            if (dice < 58) {
                return removeMember(any(groups));
            }
            if (dice < 68) {
                return rename();
            }
            if (dice < 92 && !roles.isEmpty()) {
                return assignRole();
            }
            return duplicateGroup();
        }

        private Write createUsers() {
            List<String> usernames = List.of(unique("u"), unique("u"));
            Write write = send("create-users-batch", Map.of("list",
                    usernames.stream().map(name -> Map.of("username", name)).toList()), false);
            if (write.outcome() == Outcome.ACKNOWLEDGED) {
                write.answer().path("data").forEach(user -> {
                    expected.usernames.put(user.path("username").asText(), user.path("userId").asText());
                    users.add(user.path("userId").asText());
                });
            } else {
                whenSettled(write, () -> usernames.forEach(name -> expected.usernames.put(name, "")),
                        () -> expected.absentUsernames.addAll(usernames));
            }
            return write;
        }

        private Write createGroup() {
            String code = unique("g");
            String name = "Group " + code;
            Write write = send("create-group", Map.of("code", code, "name", name, "description", ""), false);
            Runnable created = () -> expected.groups.put(code, new Group(name, ConcurrentHashMap.newKeySet()));
            if (write.outcome() == Outcome.ACKNOWLEDGED) {
                created.run();
                groups.add(code);
            } else {
                whenSettled(write, created, () -> expected.absentGroupCodes.add(code));
            }
            return write;
        }

        private Write addMembers(String code) {
            Group group = expected.groups.get(code);
            if (group.members().size() >= MAX_MEMBERS) {
                return removeMember(code);
            }
            List<String> added = new ArrayList<>(new HashSet<>(List.of(any(users), any(users))));
            Write write = send("add-group-members", Map.of("code", code, "userIds", added), false);
            return settleOrApply(write, groups, code, () -> group.members().addAll(added));
        }

        private Write removeMember(String code) {
            Group group = expected.groups.get(code);
            if (group.members().isEmpty()) {
                return addMembers(code);
            }
            String member = any(new ArrayList<>(group.members()));
            Write write = send("remove-group-members", Map.of("code", code, "userIds", List.of(member)), false);
            return settleOrApply(write, groups, code, () -> group.members().remove(member));
        }

        private Write rename() {
            String code = any(groups);
            String newCode = unique("g");
            String name = "Renamed " + newCode;
            Write write = send("update-group", Map.of("code", code, "newCode", newCode, "name", name), false);
            Runnable renamed = () -> {
                Group group = expected.groups.remove(code);
                expected.groups.put(newCode, new Group(name, group.members()));
                expected.absentGroupCodes.add(code);
            };
            if (write.outcome() == Outcome.ACKNOWLEDGED) {
                renamed.run();
                groups.set(groups.indexOf(code), newCode);
            } else {
                groups.remove(code);
                whenSettled(write, renamed, () -> { });
            }
            return write;
        }

        private Write assignRole() {
            String role = any(roles);
            Set<String> members = expected.roleMembers.get(role);
            if (members.size() >= MAX_MEMBERS) {
                return createUsers();
            }
            String user = any(users);
            Write write = send("assign-role", Map.of("code", role, "namespace", "default",
                    "targets", List.of(Map.of("targetType", "USER", "targetIdentifier", user))), false);
            return settleOrApply(write, roles, role, () -> members.add(user));
        }

        /** Creating a group whose code exists must be refused and change nothing. */
        private Write duplicateGroup() {
            return send("create-group", Map.of("code", any(groups), "name", "Duplicate", "description", ""), true);
        }

        private void createRole() {
            String code = unique("r");
            Write write = send("create-role", Map.of("code", code, "namespace", "default", "description", ""), false);
            Runnable created = () -> expected.roleMembers.put(code, ConcurrentHashMap.newKeySet());
            if (write.outcome() == Outcome.ACKNOWLEDGED) {
                created.run();
                roles.add(code);
            } else {
                whenSettled(write, created, () -> { });
            }
        }

        /**
         * Acknowledged: the change is expected now. Answer lost: the entity is left alone from now on, and the
         * change is expected only if the audit log says the write happened.
         */
        private Write settleOrApply(Write write, List<String> owned, String entity, Runnable change) {
            if (write.outcome() == Outcome.ACKNOWLEDGED) {
                change.run();
            } else if (write.answerLost()) {
                owned.remove(entity);
                whenSettled(write, change, () -> { });
            }
            return write;
        }

        private Write send(String operation, Map<String, Object> body, boolean refusalExpected) {
            String requestId = prefix + "-" + number + "-" + (sequence++) + "-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> requestHeaders = new LinkedHashMap<>(headers);
            requestHeaders.put("x-request-id", requestId);
            Write write;
            long started = System.nanoTime();
            try {
                SignedClient.Response response = client.post("/api/v3/" + operation, body, requestHeaders);
                write = new Write(requestId, operation, body, classify(response), response.status(), response.body(),
                        response.header(CONSISTENCY), null, refusalExpected, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                write = new Write(requestId, operation, body, Outcome.TRANSPORT_ERROR, -1, null, null, e.toString(),
                        refusalExpected, (System.nanoTime() - started) / 1_000_000);
            }
            writes.add(write);
            return write;
        }

        private String any(List<String> from) {
            return from.get(random.nextInt(from.size()));
        }
    }

    private void whenSettled(Write write, Runnable ifHappened, Runnable ifNot) {
        if (write.answerLost()) {
            pending.put(write.requestId(), new Pending(ifHappened, ifNot));
        }
    }

    static Outcome classify(SignedClient.Response response) {
        JsonNode body = response.body();
        if (body == null || !body.path("statusCode").isInt()) {
            return Outcome.UNCLEAR;
        }
        int statusCode = body.path("statusCode").asInt();
        if (statusCode == 200) {
            return response.status() == 200 ? Outcome.ACKNOWLEDGED : Outcome.UNCLEAR;
        }
        boolean explained = body.path("apiCode").asInt() > 0 && !body.path("message").asText("").isBlank();
        if (!explained) {
            return Outcome.UNCLEAR;
        }
        if (statusCode == 503 && response.status() == 503) {
            return Outcome.UNAVAILABLE;
        }
        return statusCode >= 400 && statusCode < 500 ? Outcome.REFUSED : Outcome.UNCLEAR;
    }

    private String unique(String kind) {
        return prefix + kind + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static <T> List<T> tail(List<T> list, int count) {
        List<T> copy = new ArrayList<>(list);
        return Collections.unmodifiableList(copy.subList(Math.max(0, copy.size() - count), copy.size()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.authz.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.client.SignedClient.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few v3 endpoints the benchmarks call, over {@link SignedClient}. SignedClient is safe to share between
 * threads (one JDK HttpClient with its connection pool; its headers are fixed after construction), so there is one
 * instance per header set: {@code waiting} (default: read-your-writes) and {@code async} ({@code x-authz-wait: false}).
 * Every call throws {@link ApiError} unless HTTP 200 and envelope statusCode 200.
 */
public final class Api {
    public static final String WAIT_HEADER = "x-authz-wait";
    public static final String CONSISTENCY_HEADER = "x-authz-consistency";

    private final SignedClient waiting;
    private final SignedClient async;

    public Api(String baseUrl, String poolId, String secret) {
        this.waiting = new SignedClient(baseUrl, poolId, secret);
        this.async = waiting.withHeader(WAIT_HEADER, "false");
    }

    public static final class ApiError extends RuntimeException {
        public ApiError(String message) {
            super(message);
        }
    }

    /** A page of list-group-members: its totalCount and how many entries came back. */
    public record Page(long totalCount, int size, List<String> userIds) {
    }

    private SignedClient client(boolean wait) {
        return wait ? waiting : async;
    }

    public Response createGroup(String code, boolean wait) {
        return check("create-group " + code, client(wait).post("/api/v3/create-group",
                Map.of("code", code, "name", code, "description", "bench")));
    }

    /** create-groups-batch with read-your-writes (set-up, not measured). */
    public Response createGroupsBatch(List<Map<String, String>> groups) {
        return check("create-groups-batch", waiting.post("/api/v3/create-groups-batch", Map.of("list", groups)));
    }

    /** Creates the users atomically; returns their ids in order. */
    public List<String> createUsers(List<String> usernames, boolean wait) {
        List<Map<String, String>> list = usernames.stream().map(u -> Map.of("username", u)).toList();
        Response response = check("create-users-batch", client(wait).post("/api/v3/create-users-batch",
                Map.of("list", list)));
        List<String> ids = new ArrayList<>(usernames.size());
        for (JsonNode user : response.data()) {
            ids.add(user.path("userId").asText());
        }
        if (ids.size() != usernames.size()) {
            throw new ApiError("create-users-batch returned " + ids.size() + " users for " + usernames.size());
        }
        return ids;
    }

    public Response addMembers(String code, List<String> userIds, boolean wait) {
        return check("add-group-members " + code, client(wait).post("/api/v3/add-group-members",
                Map.of("code", code, "userIds", userIds)));
    }

    /** Answers the raw response: callers polling for visibility look at statusCode themselves. */
    public Response getGroupRaw(String code) {
        return waiting.get("/api/v3/get-group", Map.of("code", code));
    }

    public Page listMembers(String code, int page, int limit) {
        Response response = check("list-group-members " + code, waiting.get("/api/v3/list-group-members",
                Map.of("code", code, "page", page, "limit", limit)));
        JsonNode data = response.data();
        List<String> ids = new ArrayList<>();
        for (JsonNode user : data.path("list")) {
            ids.add(user.path("userId").asText());
        }
        return new Page(data.path("totalCount").asLong(-1), ids.size(), ids);
    }

    /** totalCount of list-users: how many users the read model holds for the pool (catch-up checks). */
    public long userCount() {
        Response response = check("list-users", waiting.post("/api/v3/list-users",
                Map.of("options", Map.of("pagination", Map.of("page", 1, "limit", 1)))));
        return response.data().path("totalCount").asLong(-1);
    }

    public static Response check(String what, Response response) {
        if (response.status() != 200 || response.statusCode() != 200) {
            throw new ApiError(what + ": HTTP " + response.status() + ", statusCode " + response.statusCode() + ", "
                    + response.message());
        }
        return response;
    }

    /** The x-authz-consistency answer of a write, for tagging ("applied", "pending", "skipped", "none"). */
    public static String consistency(Response response) {
        String value = response.header(CONSISTENCY_HEADER);
        return value == null ? "none" : value;
    }
}

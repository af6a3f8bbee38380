package dev.authz.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import dev.authz.kit.client.SignedClient.Response;

import java.time.Instant;
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

    /** totalCount of get-user-groups: how many groups the read model shows the user in. */
    public long userGroupCount(String userId) {
        return check("get-user-groups " + userId, waiting.get("/api/v3/get-user-groups", Map.of("userId", userId)))
                .data().path("totalCount").asLong(-1);
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

    // ---- roles, resources, authorization (the permissions scenario) ----------------------------------------

    /** DATA resources with the actions read and write, in the default namespace. */
    public Response createResourcesBatch(List<String> codes, boolean wait) {
        List<Map<String, Object>> list = codes.stream().<Map<String, Object>>map(code -> Map.of("code", code,
                "type", "DATA", "name", code, "description", "bench", "actions", List.of(
                        Map.of("name", "read", "description", "r"), Map.of("name", "write", "description", "w"))))
                .toList();
        return check("create-resources-batch", client(wait).post("/api/v3/create-resources-batch",
                Map.of("list", list, "namespace", "default")));
    }

    /** Roles of the default namespace, created atomically. */
    public Response createRolesBatch(List<String> codes, boolean wait) {
        return check("create-roles-batch", client(wait).post("/api/v3/create-roles-batch", Map.of("list",
                codes.stream().map(code -> Map.of("code", code, "name", code, "namespace", "default")).toList())));
    }

    /** One authorize-resources item: ALLOW {@code read} on {@code resources} to these targets. */
    public static Map<String, Object> grantItem(String targetType, List<String> identifiers, List<String> resources) {
        return Map.of("targetType", targetType, "targetIdentifiers", identifiers, "resources", resources.stream()
                .map(code -> Map.of("code", code, "actions", List.of("read"), "resourceType", "DATA",
                        "effect", "ALLOW")).toList());
    }

    public Response authorizeResources(List<Map<String, Object>> items, boolean wait) {
        return check("authorize-resources", client(wait).post("/api/v3/authorize-resources",
                Map.of("namespace", "default", "list", items)));
    }

    /** assign-role of a default-namespace role to users ({@code USER}) or departments. */
    public Response assignRole(String roleCode, String targetType, List<String> ids, boolean wait) {
        return check("assign-role " + roleCode, client(wait).post("/api/v3/assign-role", Map.of("code", roleCode,
                "namespace", "default", "targets", ids.stream().map(id -> Map.of("targetType", targetType,
                        "targetIdentifier", id)).toList())));
    }

    /** update-role of a default-namespace role: {@code changes} holds newCode, status, ... */
    public Response updateRole(String roleCode, Map<String, Object> changes, boolean wait) {
        Map<String, Object> body = new java.util.HashMap<>(changes);
        body.put("code", roleCode);
        body.put("namespace", "default");
        return check("update-role " + roleCode, client(wait).post("/api/v3/update-role", body));
    }

    public boolean isActionAllowed(String userId, String action, String resource) {
        return check("is-action-allowed", waiting.post("/api/v3/is-action-allowed", Map.of("userId", userId,
                "action", action, "resource", resource, "namespace", "default"))).data().path("allowed").asBoolean();
    }

    /** The resource codes get-role-authorized-resources lists for a role code (empty: no such role). */
    public List<String> roleResourceCodes(String roleCode) {
        Response response = waiting.get("/api/v3/get-role-authorized-resources",
                Map.of("code", roleCode, "namespace", "default"));
        List<String> codes = new ArrayList<>();
        if (response.status() == 200 && response.statusCode() == 200) {
            response.data().path("list").forEach(r -> codes.add(r.path("resourceCode").asText()));
        }
        return codes;
    }

    // ---- time travel (command side, from the event store) -------------------------------------------------

    /** The resource codes get-user-authorized-resources-as-of lists for the user at the instant. */
    public List<String> authorizedResourceCodesAsOf(String userId, Instant at) {
        Response response = check("get-user-authorized-resources-as-of", waiting.get(
                "/api/v3/get-user-authorized-resources-as-of", Map.of("userId", userId, "at", at.toString())));
        List<String> codes = new ArrayList<>();
        response.data().path("list").forEach(r -> codes.add(r.path("resourceCode").asText()));
        return codes;
    }

    public boolean isActionAllowedAsOf(String userId, String action, String resource, Instant at) {
        return check("is-action-allowed-as-of", waiting.get("/api/v3/is-action-allowed-as-of", Map.of("userId",
                userId, "action", action, "resource", resource, "at", at.toString()))).data().path("allowed")
                .asBoolean();
    }

    /** How many members get-group-as-of counts for the group at the instant. */
    public long groupMembersAsOf(String code, Instant at) {
        return check("get-group-as-of", waiting.get("/api/v3/get-group-as-of", Map.of("code", code,
                "at", at.toString()))).data().path("members").path("totalCount").asLong();
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

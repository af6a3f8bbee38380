package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.security.InternalTokenFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL event store as the command side's event feed ({@code GET /internal/v1/events}) serves it: every
 * stored event's envelope in global order. What the read models must reflect, exactly once, is derived from here.
 */
record StoredEvents(List<JsonNode> envelopes) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PAGE = 5000;

    /** Reads the whole store. */
    static StoredEvents read(String commandSideUrl, String internalToken) {
        List<JsonNode> envelopes = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = get(commandSideUrl + "/internal/v1/events?limit=" + PAGE + "&after="
                    + URLEncoder.encode(after, StandardCharsets.UTF_8), internalToken);
            page.path("events").forEach(event -> envelopes.add(event.path("envelope")));
            after = page.path("next").asText("");
            if (page.path("events").size() < PAGE) {
                return new StoredEvents(envelopes);
            }
        }
    }

    /** The highest stored sequence of every aggregate: what the query side must have applied to be caught up. */
    Map<String, Long> lastSequences() {
        Map<String, Long> last = new HashMap<>();
        envelopes.forEach(e -> last.merge(e.path("aggregateId").asText(), e.path("sequence").asLong(), Math::max));
        return last;
    }

    List<JsonNode> ofPool(String poolId) {
        return envelopes.stream().filter(e -> poolId.equals(e.path("poolId").asText())).toList();
    }

    /** The members of every existing group of the pool, by its current code, folded from the group events. */
    Map<String, Set<String>> groupMembers(String poolId) {
        Map<String, String> codes = new HashMap<>();
        Map<String, Set<String>> members = new HashMap<>();
        for (JsonNode event : ofPool(poolId)) {
            JsonNode data = event.path("data");
            String groupId = data.path("groupId").asText();
            switch (event.path("type").asText()) {
                case "GroupCreated" -> {
                    codes.put(groupId, data.path("code").asText());
                    members.put(groupId, new HashSet<>());
                }
                case "GroupUpdated" -> codes.put(groupId, data.path("code").asText(codes.get(groupId)));
                case "GroupMembersAdded" -> data.path("userIds").forEach(id -> members.get(groupId).add(id.asText()));
                case "GroupMembersRemoved" -> data.path("userIds").forEach(id -> members.get(groupId).remove(id.asText()));
                case "GroupDeleted" -> {
                    codes.remove(groupId);
                    members.remove(groupId);
                }
                default -> { }
            }
        }
        Map<String, Set<String>> byCode = new HashMap<>();
        codes.forEach((groupId, code) -> byCode.put(code, members.get(groupId)));
        return byCode;
    }

    /** The users holding every role of the pool directly, by role code, folded from the role events. */
    Map<String, Set<String>> roleUsers(String poolId) {
        Map<String, String> codes = new HashMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        for (JsonNode event : ofPool(poolId)) {
            JsonNode data = event.path("data");
            String roleId = data.path("roleId").asText();
            boolean toUsers = "USER".equals(data.path("targetType").asText());
            switch (event.path("type").asText()) {
                case "RoleCreated" -> {
                    codes.put(roleId, data.path("code").asText());
                    users.put(roleId, new HashSet<>());
                }
                case "RoleUpdated" -> codes.put(roleId, data.path("code").asText(codes.get(roleId)));
                case "RoleAssigned" -> {
                    if (toUsers) {
                        data.path("targetIds").forEach(id -> users.get(roleId).add(id.asText()));
                    }
                }
                case "RoleRevoked" -> {
                    if (toUsers) {
                        data.path("targetIds").forEach(id -> users.get(roleId).remove(id.asText()));
                    }
                }
                case "RoleDeleted" -> {
                    codes.remove(roleId);
                    users.remove(roleId);
                }
                default -> { }
            }
        }
        Map<String, Set<String>> byCode = new HashMap<>();
        codes.forEach((roleId, code) -> byCode.put(code, users.get(roleId)));
        return byCode;
    }

    /** How many events of this type the pool's stream holds. */
    long count(String poolId, String type) {
        return ofPool(poolId).stream().filter(e -> type.equals(e.path("type").asText())).count();
    }

    private static JsonNode get(String url, String internalToken) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header(InternalTokenFilter.HEADER, internalToken).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + url + " -> " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

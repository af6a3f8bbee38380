package dev.authz.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Asks a running system, through the management API, every question a {@link PermissionModel} can answer, and
 * lists where the answers differ: is-action-allowed for every user (deleted ones too), namespace, resource and
 * action; each live user's authorized resources and roles per namespace; each group's members; each user's
 * groups; each role's current user and department holders; and, when the test knows the departments'
 * organization, each department's members. It also keeps count of the answers, so that a test can refuse a history
 * too poor to say anything ({@link #coverageProblems()}).
 */
public final class PermissionModelCheck {
    /** The ids and codes a test gave the model's handles and namespaces. */
    public interface Names {
        /** A user's or department's id. */
        String id(String handle);

        /** A group's or role's code. */
        String code(String handle);

        /** A namespace's code. */
        String namespace(int index);

        /** The organization every department of the model belongs to; null: department members are not asked. */
        default String organizationCode() {
            return null;
        }
    }

    /** Names recorded as a test creates the model's entities. */
    public abstract static class RecordedNames implements Names {
        protected final Map<String, String> ids = new HashMap<>();
        protected final Map<String, String> codes = new HashMap<>();

        @Override
        public String id(String handle) {
            return ids.get(handle);
        }

        @Override
        public String code(String handle) {
            return codes.get(handle);
        }
    }

    private static final int LIMIT = 50;

    private final SignedClient client;
    private final PermissionModel model;
    private final Names names;
    private int allowedAnswers;
    private int answers;
    private Moment lastMoment;

    public PermissionModelCheck(SignedClient client, PermissionModel model, Names names) {
        this.client = client;
        this.model = model;
        this.names = names;
    }

    /** Where the system's answers now differ from the model's (empty when they all agree). */
    public List<String> differences() {
        List<String> differences = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String user : model.users()) {
            for (int namespace = 0; namespace < model.namespaces(); namespace++) {
                for (String resource : PermissionModel.RESOURCES) {
                    for (String action : PermissionModel.ACTIONS) {
                        boolean expected = model.allowed(user, namespace, action, resource, now);
                        allowedAnswers += expected ? 1 : 0;
                        answers++;
                        boolean actual = data(client.post("/api/v3/is-action-allowed", Map.of("userId", names.id(user),
                                "action", action, "resource", resource, "namespace", names.namespace(namespace))))
                                .path("allowed").asBoolean();
                        if (actual != expected) {
                            differences.add("is-action-allowed %s (%s) %s %s in namespace %d: expected %s".formatted(
                                    user, names.id(user), action, resource, namespace, expected));
                        }
                    }
                }
            }
        }
        model.groupMembers().forEach((group, members) -> compare(differences, "members of group " + group,
                ids(members, names::id), page(client.get("/api/v3/list-group-members",
                        Map.of("code", names.code(group), "limit", LIMIT)), "userId")));
        Map<UserInNamespace, Map<String, Set<String>>> authorized = new LinkedHashMap<>();
        for (String user : model.users()) {
            if (!model.isLive(user)) {
                continue;
            }
            Set<String> groups = new LinkedHashSet<>();
            model.groupMembers().forEach((group, members) -> {
                if (members.contains(user)) {
                    groups.add(group);
                }
            });
            compare(differences, "groups of user " + user, ids(groups, names::code),
                    page(client.get("/api/v3/get-user-groups", Map.of("userId", names.id(user))), "code"));
            for (int namespace = 0; namespace < model.namespaces(); namespace++) {
                UserInNamespace asked = new UserInNamespace(user, namespace);
                Map<String, Set<String>> expected = model.authorizedResources(user, namespace, now);
                authorized.put(asked, expected);
                compareAuthorized(differences, asked, "", expected, authorizedResources(
                        "/api/v3/get-user-authorized-resources", asked, Map.of()));
                compare(differences, "roles of user %s in namespace %d".formatted(user, namespace),
                        ids(model.userRoles(user, namespace, now), names::code), page(client.get(
                                "/api/v3/get-user-roles", Map.of("userId", names.id(user), "namespace",
                                        names.namespace(namespace))), "code"));
            }
        }
        model.roleNamespaces().forEach((role, namespace) -> {
            Map<String, Object> params = Map.of("code", names.code(role), "namespace", names.namespace(namespace),
                    "limit", LIMIT);
            compare(differences, "users holding role " + role, ids(model.roleHolders(role, "USER", now), names::id),
                    page(client.get("/api/v3/list-role-members", params), "userId"));
            compare(differences, "departments holding role " + role, ids(model.roleHolders(role, "DEPARTMENT", now),
                    names::id), page(client.get("/api/v3/list-role-departments", params), "id"));
        });
        lastMoment = new Moment(now, authorized);
        if (names.organizationCode() != null) {
            model.departmentMembers().forEach((department, members) -> compare(differences,
                    "members of department " + department, ids(members, names::id), values(data(client.get(
                            "/api/v3/list-department-member-ids", Map.of("organizationCode", names.organizationCode(),
                                    "departmentId", names.id(department)))), null)));
        }
        return differences;
    }

    /** A live user of the model in one of its namespaces. */
    public record UserInNamespace(String user, int namespace) {
    }

    /** The model's authorized resources of every live user in every namespace at an instant. */
    public record Moment(long at, Map<UserInNamespace, Map<String, Set<String>>> authorized) {
    }

    /** The instant of the last {@link #differences()} and what the model said then, to ask again later. */
    public Moment lastMoment() {
        return lastMoment;
    }

    /** Where get-user-authorized-resources-as-of that instant differs from what the model said then. */
    public List<String> differencesAsOf(Moment moment) {
        List<String> differences = new ArrayList<>();
        moment.authorized().forEach((asked, expected) -> compareAuthorized(differences, asked,
                " as of " + moment.at(), expected, authorizedResources("/api/v3/get-user-authorized-resources-as-of",
                        asked, Map.of("at", String.valueOf(moment.at())))));
        return differences;
    }

    private Map<String, Set<String>> authorizedResources(String path, UserInNamespace asked, Map<String, String> more) {
        Map<String, Object> params = new LinkedHashMap<>(more);
        params.put("userId", names.id(asked.user()));
        params.put("namespace", names.namespace(asked.namespace()));
        Map<String, Set<String>> listed = new TreeMap<>();
        data(client.get(path, params)).path("list").forEach(resource -> listed.computeIfAbsent(
                resource.path("resourceCode").asText(), code -> new TreeSet<>()).addAll(values(resource.path("actions"),
                null)));
        return listed;
    }

    private static void compareAuthorized(List<String> differences, UserInNamespace asked, String when,
                                          Map<String, Set<String>> expected, Map<String, Set<String>> listed) {
        if (!listed.equals(expected)) {
            differences.add("authorized resources of %s%s in namespace %d: expected %s, listed %s".formatted(
                    asked.user(), when, asked.namespace(), expected, listed));
        }
    }

    /** Why the answers so far say too little (empty when they are fine): all or none allowed, a path never tried. */
    public List<String> coverageProblems() {
        List<String> problems = new ArrayList<>();
        if (allowedAnswers < answers / 20 || allowedAnswers > answers * 19 / 20) {
            problems.add("%d of %d answers allowed".formatted(allowedAnswers, answers));
        }
        for (String path : PermissionModel.PATHS) {
            if (!model.matchedVia().containsKey(path + " ALLOW")) {
                problems.add("no answer was allowed through " + path);
            }
        }
        return problems;
    }

    /** A line for the test's output. */
    public String summary() {
        return "%d of %d answers allowed; matching grants by path: %s".formatted(allowedAnswers, answers,
                model.matchedVia());
    }

    private static void compare(List<String> differences, String what, Set<String> expected, Set<String> actual) {
        if (!expected.equals(actual)) {
            differences.add("%s: expected %s, listed %s".formatted(what, expected, actual));
        }
    }

    private static Set<String> ids(Set<String> handles, Function<String, String> name) {
        Set<String> ids = new LinkedHashSet<>();
        handles.forEach(handle -> ids.add(name.apply(handle)));
        return ids;
    }

    private static JsonNode data(SignedClient.Response response) {
        if (response.statusCode() != 200 || response.body().path("statusCode").asInt() != 200) {
            throw new AssertionError("the system answered " + response.statusCode() + " " + response.body());
        }
        return response.data();
    }

    /** A page's entries' field, and its totalCount when that is not the number of entries (a count off is wrong). */
    private static Set<String> page(SignedClient.Response response, String field) {
        JsonNode page = data(response);
        Set<String> values = values(page.path("list"), field);
        if (page.path("totalCount").asInt() != values.size()) {
            values.add("(totalCount " + page.path("totalCount").asInt() + ")");
        }
        return values;
    }

    /** The field of each element (null: the elements themselves). */
    private static Set<String> values(JsonNode array, String field) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(element -> values.add(field == null ? element.asText() : element.path(field).asText()));
        return values;
    }
}

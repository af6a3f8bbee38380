package dev.authz.query;

import com.mongodb.client.model.IndexModel;
import dev.authz.api.event.RoleCreated;
import dev.authz.query.readmodel.ReadModel;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sorted read the query side sends has an index that serves its order: the index starts with fields the
 * filter binds to one value (or a list of values: a merge of sorted runs) and goes on with the sort keys, all in
 * the sort's direction or all reversed. Without one, real MongoDB sorts every matching document before
 * returning a page (list-users on a pool of a million users: a blocking sort of a million documents). The
 * Mongo-wire server of these tests keeps no secondary indexes, so this is checked here, from the commands sent
 * and the indexes the components declare, rather than from timings.
 *
 * <p>Runs after the other integration tests of the module (see junit-platform.properties) and checks what they
 * sent too; it also sends the main list reads itself, so that it checks them when run alone.
 */
@Order(Integer.MAX_VALUE)
class SortedFindsUseIndexesTest extends IntegrationTestBase {

    /** Collections that hold a handful of documents per pool or per parent: a sort there costs nothing. */
    private static final Set<String> SMALL = Set.of("namespaces", "organizations", "departments",
            "department_members");

    @Autowired
    SortedFinds sortedFinds;
    @Autowired
    ReadModel readModel;

    @Test
    void everySortedReadHasAnIndexThatServesItsOrder() {
        TestNamespace namespace = createNamespace("indexes");
        String role = unique("role");
        publishAndWait(new RoleCreated(POOL_A, newId(), namespace.id(), role, role, "", "ENABLE", null));
        poolA().post("/api/v3/list-users", Map.of("options", Map.of("pagination", Map.of("page", 2, "limit", 5))));
        poolA().get("/api/v3/list-groups", Map.of("page", 2, "limit", 5));
        poolA().get("/api/v3/list-roles", Map.of("namespace", namespace.code()));
        poolA().get("/api/v3/list-role-members", Map.of("code", role, "namespace", namespace.code()));
        poolA().get("/api/v3/list-resources", Map.of("namespace", namespace.code(), "page", 1, "limit", 10));
        poolA().post("/api/v3/get-admin-audit-logs", Map.of());

        List<SortedFinds.SortedFind> seen = sortedFinds.seen();
        assertThat(seen.stream().map(SortedFinds.SortedFind::collection).collect(Collectors.toSet()))
                .as("the reads above were recorded").contains("users", "groups", "roles", "role_assignments",
                        "resources");
        List<String> unserved = new ArrayList<>();
        for (SortedFinds.SortedFind find : seen) {
            List<IndexModel> indexes = new ArrayList<>(readModel.declaredIndexes(find.collection()));
            indexes.add(new IndexModel(new BsonDocument("_id", new BsonInt32(1)))); // every collection has it
            if (!SMALL.contains(find.collection()) && indexes.stream().noneMatch(index -> serves(index, find))) {
                unserved.add(find.collection() + " filter " + find.filter().toJson() + " sort " + find.sort().toJson());
            }
        }
        assertThat(new LinkedHashSet<>(unserved)).as("sorted reads without an index for their order").isEmpty();
    }

    private static boolean serves(IndexModel index, SortedFinds.SortedFind find) {
        BsonDocument keys = index.getKeys().toBsonDocument();
        Set<String> bound = boundFields(find.filter());
        if (bound.contains("_id")) {
            return true; // reads at most the ids listed: sorting them costs nothing
        }
        List<String> indexFields = new ArrayList<>(keys.keySet());
        int prefix = 0;
        while (prefix < indexFields.size() && bound.contains(indexFields.get(prefix))
                && !find.sort().containsKey(indexFields.get(prefix))) {
            prefix++;
        }
        List<String> sortFields = new ArrayList<>(find.sort().keySet());
        if (indexFields.size() - prefix < sortFields.size()) {
            return false;
        }
        Integer direction = null;
        for (int i = 0; i < sortFields.size(); i++) {
            String field = sortFields.get(i);
            if (!indexFields.get(prefix + i).equals(field)) {
                return false;
            }
            int relative = keys.get(field).asNumber().intValue() * find.sort().get(field).asNumber().intValue();
            if (direction != null && direction != relative) {
                return false;
            }
            direction = relative;
        }
        return true;
    }

    /** Fields the filter binds to one value or to a list of values ($eq, $in), also inside a top-level $and. */
    private static Set<String> boundFields(BsonDocument filter) {
        Set<String> bound = new LinkedHashSet<>();
        filter.forEach((field, condition) -> {
            if (field.equals("$and")) {
                condition.asArray().forEach(part -> bound.addAll(boundFields(part.asDocument())));
            } else if (!field.startsWith("$") && binds(condition)) {
                bound.add(field);
            }
        });
        return bound;
    }

    private static boolean binds(BsonValue condition) {
        if (!condition.isDocument() || condition.asDocument().isEmpty()
                || !condition.asDocument().getFirstKey().startsWith("$")) {
            return !condition.isRegularExpression();
        }
        return condition.asDocument().keySet().stream().allMatch(op -> op.equals("$eq") || op.equals("$in"));
    }
}

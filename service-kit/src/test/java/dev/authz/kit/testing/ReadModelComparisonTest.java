package dev.authz.kit.testing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class ReadModelComparisonTest {
    private static Map<String, List<Map<String, Object>>> model(String collection, Map<String, ?>... documents) {
        List<Map<String, Object>> copies = new ArrayList<>();
        for (Map<String, ?> document : documents) {
            copies.add(new LinkedHashMap<>(document));
        }
        return Map.of(collection, copies);
    }

    @Test
    void equalCopiesHaveNoDifferencesWhateverTheDocumentAndFieldOrder() {
        assertThat(ReadModelComparison.differences(
                model("groups", Map.of("_id", "g1", "code", "a", "memberCount", 2L), Map.of("_id", "g2", "code", "b")),
                model("groups", Map.of("_id", "g2", "code", "b"), Map.of("memberCount", 2L, "code", "a", "_id", "g1"))))
                .isEmpty();
    }

    @Test
    void aValueATypeAMissingOrAnExtraDocumentIsADifference() {
        var live = model("groups", Map.of("_id", "g1", "code", "a", "memberCount", 2L));
        assertThat(ReadModelComparison.differences(live, model("groups", Map.of("_id", "g1", "code", "b",
                "memberCount", 2L)))).hasSize(1);
        assertThat(ReadModelComparison.differences(live, model("groups", Map.of("_id", "g1", "code", "a",
                "memberCount", 2)))).as("int is not long").hasSize(1);
        assertThat(ReadModelComparison.differences(live, model("groups"))).hasSize(1);
        var withAUser = new java.util.HashMap<>(live);
        withAUser.putAll(model("users", Map.of("_id", "u1")));
        assertThat(ReadModelComparison.differences(live, withAUser))
                .containsExactly("users String:u1: expected null but was {_id=String:u1}");
    }

    @Test
    void onlyTheDeclaredSetsIgnoreOrderAndOnlyTheRevisionCounterIsIgnored() {
        assertThat(ReadModelComparison.differences(
                model("users", Map.of("_id", "u1", "groupIds", List.of("g1", "g2"))),
                model("users", Map.of("_id", "u1", "groupIds", List.of("g2", "g1"))))).isEmpty();
        assertThat(ReadModelComparison.differences(
                model("group_codes", Map.of("_id", "k", "claims", List.of(Map.of("ownerId", "a"), Map.of("ownerId", "b")))),
                model("group_codes", Map.of("_id", "k", "claims", List.of(Map.of("ownerId", "b"), Map.of("ownerId", "a"))))))
                .isEmpty();
        assertThat(ReadModelComparison.differences(
                model("users", Map.of("_id", "u1", "groupIds", List.of("g1", "g1"))),
                model("users", Map.of("_id", "u1", "groupIds", List.of("g1"))))).as("a set keeps its count").hasSize(1);
        assertThat(ReadModelComparison.differences(
                model("policies", Map.of("_id", "p", "grants", List.of("a", "b"))),
                model("policies", Map.of("_id", "p", "grants", List.of("b", "a"))))).as("policy grants are ordered")
                .hasSize(1);
        assertThat(ReadModelComparison.differences(
                model("effective_permissions", Map.of("_id", "e", "state", Map.of("t", 3L, "grants", List.of("a", "b")))),
                model("effective_permissions", Map.of("_id", "e", "state", Map.of("t", 7L, "grants", List.of("b", "a"))))))
                .isEmpty();
        assertThat(ReadModelComparison.differences(
                model("effective_permissions", Map.of("_id", "e", "state", Map.of("t", 3L, "grants", List.of("a")))),
                model("effective_permissions", Map.of("_id", "e", "state", Map.of("t", 3L, "grants", List.of("b"))))))
                .hasSize(1);
        assertThat(ReadModelComparison.differences(model("effective_clocks", Map.of("_id", "c", "ticket", 4L)),
                model("effective_clocks", Map.of("_id", "c", "ticket", 9L)))).isEmpty();
    }
}

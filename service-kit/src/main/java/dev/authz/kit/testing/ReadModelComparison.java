package dev.authz.kit.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two copies of the read model (collection name → documents, each a map with its {@code _id}), document
 * by document, for tests of the read-model rebuild: a generation rebuilt from the event store must equal the one
 * the live consumer built. Used by the query side's and the end-to-end tests (plain maps: no driver needed).
 *
 * <p>Everything counts, values and types, field order aside, except what differs between two correct copies
 * because events of different aggregates may be applied in another order (the live consumer interleaves Kafka
 * partitions and batches; a replay reads the store in global order). Paths are dotted from the document's top:
 * <ul>
 * <li>ignored: {@code effective_clocks.ticket} and {@code effective_permissions.state.t}, the ordering stamps
 * of permission recomputes, which count rounds of recomputation (how events were interleaved and batched), not
 * anything a reader sees;</li>
 * <li>compared without order: arrays that are sets fed by several aggregates: {@code claims} of every key
 * collection (one claim per holder), a user's {@code groupIds} and {@code departmentIds} (one per group or
 * department), and {@code effective_permissions.state.grants} (collected from the user's links, whose order
 * is the order of their events).</li>
 * </ul>
 */
public final class ReadModelComparison {
    private static final Set<String> IGNORED = Set.of("effective_clocks.ticket", "effective_permissions.state.t");
    private static final Set<String> UNORDERED = Set.of("*.claims", "users.groupIds", "users.departmentIds",
            "effective_permissions.state.grants");
    private static final int MAX_REPORTED = 20;

    private ReadModelComparison() {
    }

    /** Human-readable differences (at most 20), empty when the two copies are equal. */
    public static List<String> differences(Map<String, ? extends Collection<? extends Map<String, Object>>> expected,
                                           Map<String, ? extends Collection<? extends Map<String, Object>>> actual) {
        List<String> differences = new ArrayList<>();
        Set<String> collections = new TreeSet<>(expected.keySet());
        collections.addAll(actual.keySet());
        for (String collection : collections) {
            Map<String, String> left = byId(collection, expected.get(collection));
            Map<String, String> right = byId(collection, actual.get(collection));
            Set<String> ids = new TreeSet<>(left.keySet());
            ids.addAll(right.keySet());
            for (String id : ids) {
                String want = left.get(id);
                String got = right.get(id);
                if (want == null || !want.equals(got)) {
                    differences.add(collection + " " + id + ": expected " + want + " but was " + got);
                    if (differences.size() == MAX_REPORTED) {
                        return differences;
                    }
                }
            }
        }
        return differences;
    }

    /** The canonical form of every document, by the canonical form of its _id. */
    private static Map<String, String> byId(String collection, Collection<? extends Map<String, Object>> documents) {
        Map<String, String> canonical = new TreeMap<>();
        if (documents == null) {
            return canonical;
        }
        for (Map<String, Object> document : documents) {
            canonical.put(canonical(collection, "_id", document.get("_id")), canonical(collection, document));
        }
        return canonical;
    }

    private static String canonical(String collection, Map<String, Object> document) {
        return canonical(collection, "", document);
    }

    /** Field order never matters; numbers, dates and strings stay apart by type. */
    private static String canonical(String collection, String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> fields = new TreeMap<>();
            map.forEach((key, field) -> {
                String fieldPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                if (!IGNORED.contains(collection + "." + fieldPath)) {
                    fields.put(String.valueOf(key), canonical(collection, fieldPath, field));
                }
            });
            return fields.toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = list.stream().map(item -> canonical(collection, path, item)).toList();
            boolean unordered = UNORDERED.contains(collection + "." + path) || UNORDERED.contains("*." + path);
            return unordered ? "set" + items.stream().sorted().toList() : items.toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }
}

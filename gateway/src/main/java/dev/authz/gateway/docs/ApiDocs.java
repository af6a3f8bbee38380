package dev.authz.gateway.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authz.gateway.RouteTable;
import dev.authz.gateway.RouteTable.Side;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole API as one OpenAPI document, merged from the two services' own (springdoc) documents.
 *
 * <p>An operation is kept only when the {@link RouteTable} forwards it to the service that documents it, so the
 * document shows exactly what a caller of the gateway reaches: the services' internal endpoints are left out, and
 * so would be an operation the route table sends to the other side (a routing bug, logged). Components are kept
 * when a kept operation refers to them, directly or through other components. There is no {@code servers} entry:
 * tools resolve the paths against the gateway the document was fetched from.
 */
final class ApiDocs {
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final String REF_PREFIX = "#/components/";
    static final String SIGNATURE_SCHEME = "authingSignature";

    /**
     * @param document  the merged document
     * @param leftOut   operations not kept, as {@code METHOD path (documented by X, routed to Y)}
     * @param conflicts components both services define differently (the command side's is kept)
     */
    record Merged(ObjectNode document, List<String> leftOut, List<String> conflicts) {
    }

    private ApiDocs() {
    }

    static Merged merge(ObjectMapper json, RouteTable routes, String version, Map<Side, JsonNode> documents) {
        ObjectNode merged = json.createObjectNode();
        merged.put("openapi", documents.values().iterator().next().path("openapi").asText("3.0.1"));
        merged.set("info", info(json, version));
        ArrayNode tags = merged.putArray("tags");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode allComponents = json.createObjectNode();
        List<String> leftOut = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        Set<String> tagNames = new HashSet<>();

        for (Map.Entry<Side, JsonNode> entry : documents.entrySet()) {
            Side side = entry.getKey();
            JsonNode document = entry.getValue();
            document.path("tags").forEach(tag -> {
                if (tagNames.add(tag.path("name").asText())) {
                    tags.add(tag);
                }
            });
            document.path("paths").fields().forEachRemaining(path ->
                    keepRoutedOperations(path.getKey(), path.getValue(), side, routes, paths, leftOut));
            document.path("components").fields().forEachRemaining(kind -> kind.getValue().fields().forEachRemaining(
                    component -> {
                        ObjectNode ofKind = allComponents.withObjectProperty(kind.getKey());
                        JsonNode existing = ofKind.get(component.getKey());
                        if (existing == null) {
                            ofKind.set(component.getKey(), component.getValue());
                        } else if (!existing.equals(component.getValue())) {
                            conflicts.add(kind.getKey() + "/" + component.getKey());
                        }
                    }));
        }
        ObjectNode components = merged.putObject("components");
        copyReferenced(paths, allComponents, components);
        components.putObject("securitySchemes").set(SIGNATURE_SCHEME, signatureScheme(json));
        merged.putArray("security").addObject().putArray(SIGNATURE_SCHEME);
        return new Merged(merged, leftOut, conflicts);
    }

    private static void keepRoutedOperations(String path, JsonNode item, Side side, RouteTable routes,
                                             ObjectNode paths, List<String> leftOut) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!OPERATIONS.contains(field.getKey())) {
                continue;
            }
            String method = field.getKey().toUpperCase();
            Optional<Side> routed = routes.route(method, path);
            if (routed.equals(Optional.of(side))) {
                paths.withObjectProperty(path).set(field.getKey(), field.getValue());
            } else {
                leftOut.add(method + " " + path + " (documented by the " + side.name().toLowerCase() + " side, "
                        + routed.map(s -> "routed to the " + s.name().toLowerCase() + " side").orElse("not forwarded")
                        + ")");
            }
        }
    }

    /** Copies into {@code target} every component {@code from} refers to, and what those refer to in turn. */
    private static void copyReferenced(JsonNode from, ObjectNode allComponents, ObjectNode target) {
        Deque<JsonNode> toScan = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!toScan.isEmpty()) {
            for (String ref : refsIn(toScan.pop())) {
                if (!ref.startsWith(REF_PREFIX) || !seen.add(ref)) {
                    continue;
                }
                String[] kindAndName = ref.substring(REF_PREFIX.length()).split("/", 2);
                JsonNode component = allComponents.path(kindAndName[0]).get(kindAndName[1]);
                if (component != null) {
                    target.withObjectProperty(kindAndName[0]).set(kindAndName[1], component);
                    toScan.push(component);
                }
            }
        }
    }

    private static List<String> refsIn(JsonNode node) {
        List<String> refs = new ArrayList<>();
        node.findValues("$ref").forEach(ref -> refs.add(ref.asText()));
        return refs;
    }

    private static ObjectNode info(ObjectMapper json, String version) {
        ObjectNode info = json.createObjectNode();
        info.put("title", "Authz management API");
        info.put("version", version);
        info.put("description", """
                Group, role, namespace, resource and authorization management, wire-compatible with the \
                Authing / GenAuth v3 management API as authing-node-sdk 4.0.1 speaks it: point the SDK's `host` at \
                this gateway. Writes go to the command side and reads to the query side; by default a write answers \
                once its result is readable (`x-authz-wait: false` opts out, `x-authz-consistency` reports which). \
                Every request is signed as the SDK signs it (see the security scheme), so requests sent from this \
                page without a signature are refused with 401.""");
        return info;
    }

    private static ObjectNode signatureScheme(ObjectMapper json) {
        ObjectNode scheme = json.createObjectNode();
        scheme.put("type", "apiKey");
        scheme.put("in", "header");
        scheme.put("name", "authorization");
        scheme.put("description", """
                `authing <accessKeyId>:<signature>`, where the signature is base64(HMAC-SHA1(accessKeySecret, \
                stringToSign)) and stringToSign is the method, the `date` and `x-authing-*` headers (sorted, \
                `name:value` per line) and the path with its parameters sorted by name (the query of a GET, the \
                top-level fields of the JSON body otherwise), as authing-node-sdk's buildSignature computes it. \
                The accessKeyId is the user pool id; `x-authing-signature-nonce` must not repeat and `date` must \
                be recent.""");
        return scheme;
    }
}

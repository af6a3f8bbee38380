package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@code /api/v3} endpoint the running services declare, read from their own springdoc OpenAPI documents
 * ({@code /v3/api-docs}): the code is the list, so a new endpoint cannot be forgotten by a hand-written one.
 */
final class ApiCatalog {

    /** The JSON shape of a parameter or body field, as far as the hostile-input generator needs it. */
    record Shape(Kind kind, List<String> enumValues, Shape items, Map<String, Shape> properties) {
        enum Kind { STRING, ENUM, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT, MAP, ANY }

        static Shape of(Kind kind) {
            return new Shape(kind, List.of(), null, Map.of());
        }
    }

    record Field(String name, Shape shape, boolean required) {
    }

    /** One operation: query parameters (GET) or the body's top-level fields (POST, {@code body} non-null). */
    record Endpoint(String method, String path, String service, List<Field> query, Shape body) {
        String operation() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private ApiCatalog() {
    }

    /** The endpoints of both services, sorted by path then method. */
    static List<Endpoint> load(LocalSystem system) {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.addAll(endpointsOf("command-side", fetch(system.commandSide().url() + "/v3/api-docs")));
        endpoints.addAll(endpointsOf("query-side", fetch(system.querySide().url() + "/v3/api-docs")));
        endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return endpoints;
    }

    static List<Endpoint> endpointsOf(String service, JsonNode document) {
        List<Endpoint> endpoints = new ArrayList<>();
        JsonNode schemas = document.path("components").path("schemas");
        document.path("paths").fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/api/v3/")) {
                return;
            }
            path.getValue().fields().forEachRemaining(operation -> {
                String method = operation.getKey().toUpperCase();
                JsonNode spec = operation.getValue();
                List<Field> query = new ArrayList<>();
                for (JsonNode parameter : spec.path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        query.add(new Field(parameter.path("name").asText(),
                                shape(parameter.path("schema"), schemas, new HashSet<>()),
                                parameter.path("required").asBoolean(false)));
                    }
                }
                JsonNode bodySchema = spec.path("requestBody").path("content").path("application/json").path("schema");
                Shape body = bodySchema.isMissingNode() ? null : shape(bodySchema, schemas, new HashSet<>());
                endpoints.add(new Endpoint(method, path.getKey(), service, query, body));
            });
        });
        return endpoints;
    }

    private static Shape shape(JsonNode schema, JsonNode schemas, Set<String> resolving) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            if (!resolving.add(name)) {
                return Shape.of(Shape.Kind.ANY); // recursive type: stop here
            }
            Shape resolved = shape(schemas.path(name), schemas, resolving);
            resolving.remove(name);
            return resolved;
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(value -> values.add(value.asText()));
            return new Shape(Shape.Kind.ENUM, values, null, Map.of());
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "string" -> Shape.of(Shape.Kind.STRING);
            case "integer" -> Shape.of(Shape.Kind.INTEGER);
            case "number" -> Shape.of(Shape.Kind.NUMBER);
            case "boolean" -> Shape.of(Shape.Kind.BOOLEAN);
            case "array" -> new Shape(Shape.Kind.ARRAY, List.of(), shape(schema.path("items"), schemas, resolving), Map.of());
            case "object" -> {
                if (!schema.has("properties")) {
                    yield Shape.of(Shape.Kind.MAP);
                }
                Map<String, Shape> properties = new LinkedHashMap<>();
                schema.get("properties").fields().forEachRemaining(property ->
                        properties.put(property.getKey(), shape(property.getValue(), schemas, resolving)));
                yield new Shape(Shape.Kind.OBJECT, List.of(), null, properties);
            }
            default -> Shape.of(Shape.Kind.ANY);
        };
    }

    private static JsonNode fetch(String url) {
        return JsonGet.get(url, Map.of(), Duration.ofSeconds(30));
    }
}

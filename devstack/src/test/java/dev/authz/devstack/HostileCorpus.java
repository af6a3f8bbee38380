package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authz.devstack.ApiCatalog.Endpoint;
import dev.authz.devstack.ApiCatalog.Field;
import dev.authz.devstack.ApiCatalog.Shape;
import dev.authz.devstack.ApiCatalog.Shape.Kind;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Generates the hostile-input corpus: for every endpoint, a well-formed baseline request (built from the
 * endpoint's OpenAPI shape and the fixture's entities) and many bad requests derived from it, each breaking
 * one field or the body as a whole. Seeded: the same seed gives the same corpus.
 *
 * <p>Baselines of writes name a taken code (creates) or an absent entity (everything else), so that even a
 * mutation that happens to be valid (a missing optional field) cannot write; the test checks that before it
 * starts. Reads use the fixture's real entities.
 */
final class HostileCorpus {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Marks where a mutation goes in a serialized baseline. */
    private static final String SLOT = "\u0001hostile-slot\u0001";
    private static final String SLOT_JSON = HostileStrings.jsonString(SLOT);
    static final int TEN_MEGABYTES = 10 * 1024 * 1024;
    /** Endpoints that also get a 10 MB body (it is refused before it is read, but it is 10 MB to send). */
    private static final int HUGE_BODY_ENDPOINTS = 4;

    /** The entities of the pool the corpus is sent to. */
    record Fixture(String groupCode, String userId, String username, String namespaceCode, String roleCode,
                   String resourceCode, String organizationCode, String rootDepartmentId, String departmentId,
                   String departmentCode) {
    }

    /** How a request goes on the wire. */
    sealed interface Payload permits Query, Body {
    }

    /** A GET with this raw (already encoded) query string. */
    record Query(String rawQuery) implements Payload {
    }

    record Body(byte[] bytes, String contentType) implements Payload {
    }

    /**
     * @param mustRefuse the request is invalid whatever the baseline: it must be refused (HTTP 4xx or a 4xx envelope)
     * @param expectEmpty a search with a hostile term: if it is answered, it finds nothing
     */
    record BadRequest(Endpoint endpoint, String kind, String what, Payload payload, boolean mustRefuse,
                      boolean expectEmpty) {
        String describe() {
            String shown = payload instanceof Query query ? "?" + abbreviate(query.rawQuery())
                    : "[" + ((Body) payload).contentType() + ", " + ((Body) payload).bytes().length + " bytes] "
                    + abbreviate(new String(((Body) payload).bytes(), StandardCharsets.UTF_8));
            return endpoint + " " + kind + " (" + what + ") " + shown;
        }

        private static String abbreviate(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
        }
    }

    /** Where baseline values come from. */
    enum Mode { TAKEN, ABSENT, EXISTING }

    private static final List<String> ENTITIES = List.of("group", "role", "namespace", "resource", "department",
            "organization", "user");
    /** The fields that name the entity an operation is about (lower case), per entity. */
    private static final Map<String, Set<String>> OWN_FIELDS = Map.of(
            "group", Set.of("code", "codelist"),
            "role", Set.of("code", "codelist"),
            "namespace", Set.of("code", "codelist"),
            "resource", Set.of("code", "codelist", "ids"),
            "department", Set.of("departmentid", "code"),
            "organization", Set.of("organizationcode"),
            "user", Set.of("userid", "userids", "username"));
    /** Optional structured filters: a baseline without them is well-formed, one with a made-up filter is not. */
    private static final Set<String> OPTIONAL_FILTERS = Set.of("advancedfilter", "searchquery");
    private static final Set<String> SEARCH_FIELDS = Set.of("keywords", "keyword", "search");
    /**
     * Deletes the SDK's own specs call with codes like "额！", "" and " " and expect success (a code that cannot
     * exist is simply not there to delete): a bad code is not refused there, it deletes nothing.
     */
    private static final Set<String> LENIENT_CODES = Set.of("delete-resource", "delete-resources-batch");

    private final Fixture fixture;
    private final Random random;
    private final List<BadRequest> corpus = new ArrayList<>();
    private final String now = Instant.now().toString();
    /** The operation whose baseline is being built (a few fields mean different things in different operations). */
    private String operation = "";

    private HostileCorpus(Fixture fixture, long seed) {
        this.fixture = fixture;
        this.random = new Random(seed);
    }

    /**
     * @param writesAllowed per endpoint: false when its baseline was refused (or it is a read), so dropping an optional
     *                      field cannot make a request that writes
     */
    static List<BadRequest> generate(List<Endpoint> endpoints, Fixture fixture, long seed,
                                     Map<Endpoint, Boolean> writesAllowed) {
        HostileCorpus generator = new HostileCorpus(fixture, seed);
        List<Endpoint> withBodies = endpoints.stream().filter(e -> !"GET".equals(e.method())).toList();
        Set<Endpoint> hugeBodies = new java.util.HashSet<>();
        while (hugeBodies.size() < Math.min(HUGE_BODY_ENDPOINTS, withBodies.size())) {
            hugeBodies.add(withBodies.get(generator.random.nextInt(withBodies.size())));
        }
        for (Endpoint endpoint : endpoints) {
            boolean writable = writesAllowed.getOrDefault(endpoint, true);
            // A create's baseline conflicts on its code *in* a namespace or organization: dropping either may
            // make it a valid create elsewhere (the default namespace, a generated code).
            boolean dropsAreSafe = !writable && modeOf(endpoint) != Mode.TAKEN;
            int before = generator.corpus.size();
            if ("GET".equals(endpoint.method())) {
                generator.queryMutations(endpoint, dropsAreSafe);
            } else {
                generator.bodyMutations(endpoint, dropsAreSafe, hugeBodies.contains(endpoint));
            }
            if (writable) {
                // Its baseline writes: only what must be refused may be sent (odd-but-valid text would write).
                generator.corpus.subList(before, generator.corpus.size()).removeIf(request -> !request.mustRefuse());
            }
        }
        return generator.corpus;
    }

    /** The endpoint's well-formed baseline request, as the corpus derives its bad requests from it. */
    static BadRequest baseline(Endpoint endpoint, Fixture fixture) {
        HostileCorpus generator = new HostileCorpus(fixture, 0);
        Payload payload = "GET".equals(endpoint.method())
                ? new Query(rawQuery(generator.baselineQuery(endpoint)))
                : new Body(generator.baselineBody(endpoint).toString().getBytes(StandardCharsets.UTF_8), "application/json");
        return new BadRequest(endpoint, "baseline", "well-formed", payload, false, false);
    }

    /**
     * A seeded sample of the corpus that keeps, for every endpoint, at least one request of each kind it has,
     * then fills up to {@code perEndpoint} requests at random: the whole corpus takes minutes on a busy machine,
     * different seeds cover different parts of it.
     */
    static List<BadRequest> sample(List<BadRequest> corpus, int perEndpoint, long seed) {
        Random random = new Random(seed);
        Map<Endpoint, List<BadRequest>> byEndpoint = new LinkedHashMap<>();
        corpus.forEach(request -> byEndpoint.computeIfAbsent(request.endpoint(), e -> new ArrayList<>()).add(request));
        List<BadRequest> sample = new ArrayList<>();
        byEndpoint.forEach((endpoint, requests) -> {
            List<BadRequest> shuffled = new ArrayList<>(requests);
            java.util.Collections.shuffle(shuffled, random);
            Set<String> kinds = new java.util.HashSet<>();
            List<BadRequest> chosen = new ArrayList<>();
            List<BadRequest> rest = new ArrayList<>();
            for (BadRequest request : shuffled) {
                (kinds.add(request.kind()) ? chosen : rest).add(request);
            }
            for (BadRequest request : rest) {
                if (chosen.size() >= perEndpoint) {
                    break;
                }
                chosen.add(request);
            }
            sample.addAll(chosen);
        });
        return sample;
    }

    static boolean isWrite(Endpoint endpoint) {
        return "command-side".equals(endpoint.service()) && !endpoint.path().endsWith("-history")
                && !endpoint.path().endsWith("-as-of");
    }

    // ---------------------------------------------------------------- baselines

    /** The well-formed baseline body of a POST endpoint. */
    ObjectNode baselineBody(Endpoint endpoint) {
        operation = endpoint.operation();
        ObjectNode body = NODES.objectNode();
        if (endpoint.body() != null && endpoint.body().kind() == Kind.OBJECT) {
            fill(body, endpoint.body(), entityOf(endpoint), modeOf(endpoint));
        }
        return body;
    }

    /** The baseline query parameters of a GET endpoint: name to a string or a list of strings. */
    Map<String, Object> baselineQuery(Endpoint endpoint) {
        operation = endpoint.operation();
        Map<String, Object> params = new LinkedHashMap<>();
        for (Field field : endpoint.query()) {
            JsonNode value = value(field.name(), field.shape(), entityOf(endpoint), modeOf(endpoint), field.required());
            if (value instanceof ArrayNode array) {
                List<String> items = new ArrayList<>();
                array.forEach(item -> items.add(item.asText()));
                params.put(field.name(), items);
            } else if (value != null) {
                params.put(field.name(), value.asText());
            }
        }
        return params;
    }

    static String rawQuery(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                list.forEach(item -> appendParam(out, name + "[]", HostileStrings.urlEncode(String.valueOf(item))));
            } else {
                appendParam(out, name, HostileStrings.urlEncode(String.valueOf(value)));
            }
        });
        return out.toString();
    }

    private static void appendParam(StringBuilder out, String name, String encodedValue) {
        out.append(out.isEmpty() ? "" : "&").append(HostileStrings.urlEncode(name).replace("%5B%5D", "[]"))
                .append('=').append(encodedValue);
    }

    private void fill(ObjectNode object, Shape shape, String entity, Mode mode) {
        shape.properties().forEach((name, property) -> {
            JsonNode value = value(name, property, entity, mode, false);
            if (value != null) {
                object.set(name, value);
            }
        });
    }

    private static String entityOf(Endpoint endpoint) {
        String operation = endpoint.operation();
        String found = null;
        int at = Integer.MAX_VALUE;
        for (String entity : ENTITIES) {
            int index = operation.indexOf(entity);
            if (index >= 0 && index < at) {
                at = index;
                found = entity;
            }
        }
        return found;
    }

    private static Mode modeOf(Endpoint endpoint) {
        if (!isWrite(endpoint)) {
            return Mode.EXISTING;
        }
        return endpoint.operation().startsWith("create-") ? Mode.TAKEN : Mode.ABSENT;
    }

    /** The baseline value of a field, or null to leave it out. */
    private JsonNode value(String name, Shape shape, String entity, Mode mode, boolean required) {
        String key = name.toLowerCase(Locale.ROOT);
        String text = null;
        if (OPTIONAL_FILTERS.contains(key) && !required) {
            return null;
        }
        if (entity != null && OWN_FIELDS.get(entity).contains(key)) {
            text = mode == Mode.ABSENT ? absent(key) : fixtureValue(entity, key);
        } else {
            text = switch (key) {
                case "code" -> fixture.groupCode();
                case "namespace", "namespacecode", "namespacecodes" -> fixture.namespaceCode();
                case "userid", "userids", "targetidentifier", "targetidentifiers" -> fixture.userId();
                case "username" -> fixture.username();
                case "targettype" -> "USER";
                case "organizationcode" -> fixture.organizationCode();
                case "departmentid" -> fixture.departmentId();
                case "parentdepartmentid" -> fixture.rootDepartmentId();
                case "name", "organizationname", "description" -> "Hostile baseline";
                case "action", "actions" -> "read";
                case "resource" -> fixture.resourceCode();
                case "resourcetype" -> operation.equals("get-admin-audit-logs") ? "userGroup" : "DATA";
                case "type" -> "DATA";
                case "rolecode" -> fixture.roleCode();
                case "keywords", "keyword", "search" -> "Hostile";
                case "key" -> "hostileField";
                case "effect" -> "ALLOW";
                case "page" -> "1";
                case "limit" -> "10";
                case "at" -> now;
                default -> null;
            };
        }
        return switch (shape.kind()) {
            case ARRAY -> {
                if (shape.items() != null && shape.items().kind() == Kind.OBJECT) {
                    ObjectNode item = NODES.objectNode();
                    fill(item, shape.items(), entity, mode);
                    yield NODES.arrayNode().add(item);
                }
                yield text == null && !required ? null : NODES.arrayNode().add(text == null ? "x" : text);
            }
            case OBJECT -> {
                ObjectNode object = NODES.objectNode();
                fill(object, shape, entity, mode);
                yield object.isEmpty() && !required ? null : object;
            }
            case INTEGER, NUMBER -> text != null && text.matches("\\d+") ? NODES.numberNode(Long.parseLong(text))
                    : required ? NODES.numberNode(1) : null;
            case BOOLEAN -> required ? NODES.booleanNode(false) : null;
            case ENUM -> text != null && shape.enumValues().contains(text) ? NODES.textNode(text)
                    : required ? NODES.textNode(shape.enumValues().get(0)) : null;
            default -> text != null ? NODES.textNode(text) : required ? NODES.textNode("x") : null;
        };
    }

    private String fixtureValue(String entity, String key) {
        return switch (entity) {
            case "group" -> fixture.groupCode();
            case "role" -> fixture.roleCode();
            case "namespace" -> fixture.namespaceCode();
            case "resource" -> fixture.resourceCode();
            case "department" -> key.equals("code") ? fixture.departmentCode() : fixture.departmentId();
            case "organization" -> fixture.organizationCode();
            default -> key.equals("username") ? fixture.username() : fixture.userId();
        };
    }

    private static String absent(String key) {
        return key.contains("id") ? "hostileabsent0" : "hostile-absent";
    }

    // ---------------------------------------------------------------- GET mutations

    private void queryMutations(Endpoint endpoint, boolean dropsAreSafe) {
        Map<String, Object> baseline = baselineQuery(endpoint);
        for (Field field : endpoint.query()) {
            String name = field.name();
            boolean required = field.required();
            Consumer<Mutation> add = m -> {
                Map<String, Object> params = new LinkedHashMap<>(baseline);
                params.remove(name);
                String query = rawQuery(params);
                String mutated = m.rawParam == null ? query
                        : query + (query.isEmpty() ? "" : "&") + m.rawParam;
                corpus.add(new BadRequest(endpoint, m.kind, name + ": " + m.what, new Query(mutated), m.mustRefuse,
                        m.expectEmpty));
            };
            String param = HostileStrings.urlEncode(name);
            boolean identifying = required && isCodeLike(name) && field.shape().kind() == Kind.STRING;
            if (required || dropsAreSafe) {
                add.accept(new Mutation("field:missing", "left out", null, required, false));
            }
            add.accept(new Mutation("query:bracket-injection", name + "[$ne]=", param + "%5B%24ne%5D=x", required, false));
            add.accept(new Mutation("query:duplicate", "given twice", param + "=a&" + param + "=%24where",
                    identifying, false));
            add.accept(new Mutation("field:huge", "100,000 characters", param + "=" + HostileStrings.HUGE, true, false));
            add.accept(new Mutation("field:lone-surrogate", "CESU-encoded lone surrogate", param + "=a%ED%A0%80",
                    identifying, false));
            add.accept(new Mutation("field:bad-utf8", "overlong UTF-8", param + "=%C0%AF%C0%AE", identifying, false));
            boolean textual = field.shape().kind() == Kind.STRING || field.shape().kind() == Kind.ARRAY;
            for (ValueMutation value : valueMutations(name, field.shape(), identifying, false)) {
                if (value.kind.equals("field:huge")) {
                    continue; // sent above, for every type
                }
                // In a query everything is text: only a typed parameter (number, boolean, enum) has a wrong type. A
                // list of codes or ids to read (get-*-batch) finds nothing for a bad entry, like get-resource's 404.
                boolean mustRefuse = textual ? identifying : value.mustRefuse;
                add.accept(new Mutation(value.kind, value.what, param + "=" + HostileStrings.urlEncode(value.queryText),
                        mustRefuse, value.expectEmpty));
            }
        }
        // Parameters no endpoint has, with names that trip naive parsers; and a query too long for any server.
        String baselineQuery = rawQuery(baseline);
        String glue = baselineQuery.isEmpty() ? "" : baselineQuery + "&";
        corpus.add(new BadRequest(endpoint, "query:unknown-hostile", "unknown parameters",
                new Query(glue + "%24where=1&__proto__%5Bx%5D=1&constructor.prototype.x=1&a%00b=1"), false, false));
        corpus.add(new BadRequest(endpoint, "query:huge", "200,000-character query",
                new Query(glue + "x=" + "y".repeat(200_000)), true, false));
        corpus.add(new BadRequest(endpoint, "query:percent", "encoded percent signs and pluses",
                new Query(glue + "x=%25%25%2B+%25"), false, false));
    }

    // ---------------------------------------------------------------- POST mutations

    private void bodyMutations(Endpoint endpoint, boolean dropsAreSafe, boolean hugeBody) {
        ObjectNode baseline = baselineBody(endpoint);
        String baselineJson = baseline.toString();
        boolean refusesEmpty = isWrite(endpoint);
        if (endpoint.body() != null && endpoint.body().kind() == Kind.OBJECT) {
            for (FieldPath path : fieldPaths(endpoint.body())) {
                String name = path.leafName();
                Consumer<Mutation> add = m -> corpus.add(new BadRequest(endpoint, m.kind, path + ": " + m.what,
                        m.rawParam == null ? without(baseline, path) : with(baseline, path, m.rawParam),
                        m.mustRefuse, m.expectEmpty));
                if (dropsAreSafe) {
                    add.accept(new Mutation("field:missing", "left out", null, false, false));
                    add.accept(new Mutation("field:null", "null", "null", false, false));
                }
                boolean write = isWrite(endpoint);
                boolean identifying = write && isCodeLike(name) && !LENIENT_CODES.contains(endpoint.operation());
                // A create's baseline is refused only because it names a taken entity: any valid new value there
                // (a username of odd but valid text) would name a new one and be a valid write, not a bad request.
                boolean namesTheNewEntity = modeOf(endpoint) == Mode.TAKEN && entityOf(endpoint) != null
                        && OWN_FIELDS.get(entityOf(endpoint)).contains(name.toLowerCase(Locale.ROOT));
                for (ValueMutation value : valueMutations(name, path.shape, identifying, write)) {
                    if (namesTheNewEntity && !value.mustRefuse) {
                        continue;
                    }
                    add.accept(new Mutation(value.kind, value.what, value.json, value.mustRefuse, value.expectEmpty));
                }
            }
        }
        String bodyKind = "body:";
        addBody(endpoint, bodyKind + "truncated", "cut short", truncated(baselineJson), true);
        addBody(endpoint, bodyKind + "truncated", "only an opening brace", "{".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "not-json", "plain text", "hello, world".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "not-json", "XML", "<group><code>x</code></group>".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "empty", "no body", new byte[0], refusesEmpty);
        addBody(endpoint, bodyKind + "top-level", "an array", "[]".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "top-level", "a number", "42".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "syntax", "comments", ("/* hi */" + baselineJson).getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "syntax", "single quotes", "{'code':'x'}".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "syntax", "NaN", "{\"page\":NaN}".getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "bom", "UTF-8 byte order mark", concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                baselineJson.getBytes(StandardCharsets.UTF_8)), false);
        addBody(endpoint, bodyKind + "bom", "UTF-16 byte order mark before UTF-8", concat(new byte[]{(byte) 0xFE, (byte) 0xFF},
                baselineJson.getBytes(StandardCharsets.UTF_8)), true);
        // Jackson alone would decode the overlong C0 AF to '/' (and store "a/" as a name): bodies must be strict UTF-8.
        addBody(endpoint, bodyKind + "bad-utf8", "overlong UTF-8 in a string",
                concat("{\"name\":\"a".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xC0, (byte) 0xAF, '"', '}'}),
                true);
        addBody(endpoint, bodyKind + "bad-utf8", "0xFF byte", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}, true);
        addBody(endpoint, bodyKind + "deep-nesting", "10,000 nested objects in an unknown field",
                ("{\"zz\":" + HostileStrings.deepObject(10_000) + "}").getBytes(StandardCharsets.UTF_8), true);
        addBody(endpoint, bodyKind + "deep-nesting", "10,000 nested arrays as the body",
                HostileStrings.deepArray(10_000).getBytes(StandardCharsets.UTF_8), true);
        // Refused before the signature is computed over them (more than 256 top-level fields).
        addBody(endpoint, bodyKind + "many-keys", "50,000 unknown fields", manyKeys(50_000), true);
        corpus.add(new BadRequest(endpoint, bodyKind + "content-type", "text/plain",
                new Body(baselineJson.getBytes(StandardCharsets.UTF_8), "text/plain"), true, false));
        corpus.add(new BadRequest(endpoint, bodyKind + "content-type", "form-encoded",
                new Body("code=x&name=y".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded"), true, false));
        if (hugeBody) {
            byte[] huge = ("{\"code\":\"" + "a".repeat(TEN_MEGABYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
            addBody(endpoint, bodyKind + "10MB", "10 MB body", huge, true);
        }
    }

    private void addBody(Endpoint endpoint, String kind, String what, byte[] bytes, boolean mustRefuse) {
        corpus.add(new BadRequest(endpoint, kind, what, new Body(bytes, "application/json"), mustRefuse, false));
    }

    private byte[] truncated(String json) {
        // Anything shorter than the whole object is not JSON: cut before the final brace, somewhere random.
        int cut = json.length() <= 2 ? 1 : 1 + random.nextInt(json.length() - 2);
        return json.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] manyKeys(int count) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    // ---------------------------------------------------------------- value mutations

    private record Mutation(String kind, String what, String rawParam, boolean mustRefuse, boolean expectEmpty) {
    }

    /**
     * One bad value: {@code json} is its raw JSON text, {@code queryText} the same as a query parameter's text.
     * {@code mustRefuse}: invalid for any field of this shape.
     */
    private record ValueMutation(String kind, String what, String json, String queryText, boolean mustRefuse,
                                 boolean expectEmpty) {
        static ValueMutation of(String kind, String what, String json, String queryText, boolean mustRefuse) {
            return new ValueMutation(kind, what, json, queryText, mustRefuse, false);
        }

        static ValueMutation string(String kind, String what, String value, boolean mustRefuse) {
            return new ValueMutation(kind, what, HostileStrings.jsonString(value), value, mustRefuse, false);
        }
    }

    /**
     * @param identifying a code or id whose bad syntax must be refused (in writes, and required read parameters)
     * @param writeField  a field of a write: free text there is checked too (control characters, surrogates)
     */
    private List<ValueMutation> valueMutations(String name, Shape shape, boolean identifying, boolean writeField) {
        String key = name.toLowerCase(Locale.ROOT);
        List<ValueMutation> out = new ArrayList<>();
        String objectInjection = "{\"$gt\":\"\"}";
        switch (shape.kind()) {
            case STRING -> {
                out.add(ValueMutation.of("field:wrong-type", "an object", objectInjection, objectInjection, true));
                out.add(ValueMutation.of("field:wrong-type", "an array", "[\"x\"]", "[\"x\"]", true));
                out.add(ValueMutation.string("field:huge", "100,000 characters", HostileStrings.HUGE, true));
                out.add(ValueMutation.string("field:control-chars", "NUL and BEL", HostileStrings.CONTROL,
                        writeField || identifying));
                out.add(ValueMutation.string("field:lone-surrogate", "unpaired surrogate", "ab\uD800cd",
                        writeField || identifying));
                if (SEARCH_FIELDS.contains(key)) {
                    for (String term : pick(HostileStrings.SEARCH_INJECTIONS, 5)) {
                        out.add(new ValueMutation("search:injection", term, HostileStrings.jsonString(term), term,
                                false, true));
                    }
                } else if (isCodeLike(name)) {
                    for (String injection : pick(HostileStrings.CODE_INJECTIONS, 4)) {
                        out.add(ValueMutation.string("field:injection", injection, injection, identifying));
                    }
                } else {
                    String odd = pick(HostileStrings.ODD_BUT_VALID_TEXT, 1).get(0);
                    out.add(ValueMutation.string("field:unicode", "odd but valid text", odd, false));
                }
            }
            case ENUM -> {
                out.add(ValueMutation.string("field:unknown-enum", "NOT_A_VALUE", "NOT_A_VALUE", true));
                out.add(ValueMutation.of("field:wrong-type", "an object", objectInjection, objectInjection, true));
            }
            case INTEGER, NUMBER -> {
                boolean paging = key.equals("page") || key.equals("limit");
                out.add(ValueMutation.of("field:wrong-type", "a word", "\"abc\"", "abc", true));
                out.add(ValueMutation.of("field:wrong-type", "an object", objectInjection, objectInjection, true));
                out.add(ValueMutation.of("field:overflow", "1e30 as digits", "1" + "0".repeat(30), "1" + "0".repeat(30), true));
                out.add(ValueMutation.of("field:negative", "-1", "-1", "-1", paging));
                if (paging) {
                    out.add(ValueMutation.of("field:out-of-range", "0", "0", "0", true));
                    out.add(ValueMutation.of("field:out-of-range", "2147483647", "2147483647", "2147483647",
                            key.equals("limit")));
                }
                if (key.equals("limit")) {
                    out.add(ValueMutation.of("field:out-of-range", "51", "51", "51", true));
                }
            }
            case BOOLEAN -> {
                out.add(ValueMutation.of("field:wrong-type", "maybe", "\"maybe\"", "maybe", true));
                out.add(ValueMutation.of("field:wrong-type", "an object", objectInjection, objectInjection, true));
            }
            case ARRAY -> {
                boolean stringItems = shape.items() == null || shape.items().kind() == Kind.STRING;
                String element = stringItems ? "\"a\"" : "{}";
                out.add(ValueMutation.of("field:wrong-type", "an object", objectInjection, objectInjection, true));
                out.add(ValueMutation.of("field:huge-list", "100,000 entries",
                        HostileStrings.repeatedArray(element, 100_000), "x", writeField));
                out.add(ValueMutation.of("field:null-entry", "[null]", "[null]", "null", writeField));
                out.add(ValueMutation.of("field:deep-nesting", "10,000 nested arrays", HostileStrings.deepArray(10_000),
                        HostileStrings.deepArray(50), true));
                out.add(ValueMutation.of("field:wrong-type", "an entry of the wrong type",
                        stringItems ? "[" + objectInjection + "]" : "[\"x\"]", objectInjection, true));
            }
            case OBJECT, MAP, ANY -> {
                if (shape.kind() != Kind.ANY) {
                    out.add(ValueMutation.of("field:wrong-type", "an array", "[1,2]", "[1,2]", true));
                }
                out.add(ValueMutation.of("field:deep-nesting", "10,000 nested objects", HostileStrings.deepObject(10_000),
                        "x", true));
            }
        }
        return out;
    }

    static boolean isCodeLike(String name) {
        return name.toLowerCase(Locale.ROOT).matches(".*(code|codes|codelist|id|ids|namespace|identifier|identifiers)");
    }

    private <T> List<T> pick(List<T> from, int count) {
        List<T> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    // ---------------------------------------------------------------- field paths

    /** A field to damage: a top-level field, or a field of the first entry of a list of objects, or of an object. */
    private record FieldPath(List<String> steps, Shape shape, boolean inList) {
        String leafName() {
            return steps.get(steps.size() - 1);
        }

        @Override
        public String toString() {
            return String.join(".", steps);
        }
    }

    private static List<FieldPath> fieldPaths(Shape body) {
        List<FieldPath> paths = new ArrayList<>();
        body.properties().forEach((name, shape) -> {
            paths.add(new FieldPath(List.of(name), shape, false));
            Shape nested = shape.kind() == Kind.ARRAY && shape.items() != null ? shape.items() : shape;
            if (nested.kind() == Kind.OBJECT) {
                nested.properties().forEach((inner, innerShape) ->
                        paths.add(new FieldPath(List.of(name, inner), innerShape, nested != shape)));
            }
        });
        return paths;
    }

    private static Payload with(ObjectNode baseline, FieldPath path, String rawJson) {
        ObjectNode copy = baseline.deepCopy();
        parentOf(copy, path).put(path.leafName(), SLOT);
        return new Body(copy.toString().replace(SLOT_JSON, rawJson).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static Payload without(ObjectNode baseline, FieldPath path) {
        ObjectNode copy = baseline.deepCopy();
        parentOf(copy, path).remove(path.leafName());
        return new Body(copy.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** The object holding the path's leaf, created (as a one-entry list or an object) when the baseline has none. */
    private static ObjectNode parentOf(ObjectNode root, FieldPath path) {
        if (path.steps.size() == 1) {
            return root;
        }
        String outer = path.steps.get(0);
        JsonNode existing = root.get(outer);
        if (existing instanceof ArrayNode array && array.size() > 0 && array.get(0) instanceof ObjectNode first) {
            return first;
        }
        if (existing instanceof ObjectNode object) {
            return object;
        }
        ObjectNode created = NODES.objectNode();
        root.set(outer, path.inList ? NODES.arrayNode().add(created) : created);
        return created;
    }

}

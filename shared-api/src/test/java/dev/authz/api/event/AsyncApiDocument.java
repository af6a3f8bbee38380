package dev.authz.api.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code docs/asyncapi.yaml} from the contract itself: the registered event types ({@link EventTypes}), their
 * record components (payload schemas), their Javadoc (descriptions), the envelope record, the CloudEvents header
 * names and the upcast steps. {@code AsyncApiDocumentTest} fails when the checked-in file differs from what this
 * writes; {@code main} (or the test with {@code -Dasyncapi.write=true}) rewrites it.
 */
public final class AsyncApiDocument {
    static final String TOPIC = "authz.events";
    private static final String KAFKA_BINDING = "0.5.0";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private static final Map<String, String> ENVELOPE_FIELDS = Map.of(
            "eventId", "Unique id of the event, the same as the ce_id header: the deduplication key.",
            "type", "Event type name (stable across releases), e.g. GroupCreated.",
            "schemaVersion", "Version of the schema of data; the same as the ce_dataschemaversion header.",
            "aggregateType", "What kind of thing the event is about: group, user, namespace, role, organization,"
                    + " department, resource or authorization.",
            "aggregateId", "Id of that thing: the Kafka key. Events of one aggregate are in order on one partition.",
            "sequence", "Position of the event in its aggregate's stream: 0, 1, 2, ... without gaps. A consumer"
                    + " that remembers the last sequence it applied per aggregate can skip any redelivery.",
            "poolId", "User pool (tenant) the event belongs to.",
            "occurredAt", "When the event was stored (ISO-8601 instant, UTC); the same as ce_time.",
            "metadata", "Who caused the event, from where, under which request.",
            "data", "The event itself; its schema is the message's (type, schemaVersion).");

    private static final Map<String, String> HEADERS = Map.of(
            CloudEventHeaders.ID, "CloudEvents id: the event id (envelope eventId). Deduplicate by it.",
            CloudEventHeaders.SPEC_VERSION, "CloudEvents spec version, always 1.0.",
            CloudEventHeaders.TYPE, "dev.authz.<type>.v<schemaVersion>, e.g. dev.authz.GroupCreated.v1.",
            CloudEventHeaders.SOURCE, "/authz/pools/<poolId>.",
            CloudEventHeaders.SUBJECT, "<aggregateType>/<aggregateId>, e.g. group/65a1f0c2d3e4f5a6b7c8d9e0.",
            CloudEventHeaders.TIME, "When the event was stored (ISO-8601 instant, UTC).",
            CloudEventHeaders.DATA_SCHEMA_VERSION, "The schema version of data (envelope schemaVersion), as text.",
            CloudEventHeaders.CONTENT_TYPE, "application/json");

    private static final Map<String, String> METADATA = Map.of(
            MetadataKeys.POOL_ID, "the pool the request was signed for",
            MetadataKeys.ACCESS_KEY_ID, "the access key that signed the request",
            MetadataKeys.REQUEST_ID, "the request id (also in the HTTP response)",
            MetadataKeys.CLIENT_IP, "the caller's address",
            MetadataKeys.USER_AGENT, "the caller's User-Agent",
            MetadataKeys.OPERATION, "the command that caused the event, e.g. CreateGroup",
            MetadataKeys.AUDIT_ENTRY_ID, "the id of the admin audit entry (AdminActionRecorded) of the write");

    private final Path sourceDir;
    private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();

    /** @param sourceDir shared-api's {@code src/main/java}, where the Javadoc of each event is read */
    AsyncApiDocument(Path sourceDir) {
        this.sourceDir = sourceDir;
    }

    public static void main(String[] args) throws IOException {
        Path moduleDir = args.length > 0 ? Path.of(args[0]) : Path.of("shared-api");
        Path target = moduleDir.resolve("../docs/asyncapi.yaml").normalize();
        Files.writeString(target, new AsyncApiDocument(moduleDir.resolve("src/main/java")).yaml());
        System.out.println("wrote " + target);
    }

    String yaml() throws JsonProcessingException {
        return "# Generated from shared-api (dev.authz.api.event) by AsyncApiDocument: do not edit by hand.\n"
                + "# AsyncApiDocumentTest fails when it is stale; -Dasyncapi.write=true on that test rewrites it.\n"
                + YAML.writeValueAsString(document());
    }

    ObjectNode document() {
        ObjectNode doc = NODES.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "authz public event stream");
        info.put("version", "1.0.0");
        info.put("description", """
                Every change to groups, users, namespaces, roles, organizations, departments, resources and \
                authorizations, in the order it was stored, on one Kafka topic per deployment. See \
                docs/event-stream.md for how to consume it (order, deduplication, versions, retention).
                Each record: key = aggregate id, value = the JSON envelope (EventEnvelope), headers = CloudEvents \
                Kafka binding in binary mode (ce_*). A message below is one (type, schemaVersion) of data.
                """);
        doc.put("defaultContentType", "application/json");
        ObjectNode server = doc.putObject("servers").putObject("deployment");
        server.put("host", "127.0.0.1:9092");
        server.put("protocol", "kafka");
        server.put("description", "The deployment's KAFKA_BOOTSTRAP_SERVERS (devstack prints its own address).");

        ObjectNode channel = doc.putObject("channels").putObject("events");
        channel.put("address", TOPIC);
        channel.put("description", "The topic is AUTHZ_EVENTS_TOPIC of the deployment, authz.events by default.");
        ObjectNode channelMessages = channel.putObject("messages");
        ObjectNode channelKafka = channel.putObject("bindings").putObject("kafka");
        channelKafka.put("topic", TOPIC);
        channelKafka.put("partitions", 6);
        // Consumers bootstrap by reading from the beginning: the topic keeps every event (docs/event-stream.md).
        channelKafka.putObject("topicConfiguration").put("retention.ms", -1);
        channelKafka.put("bindingVersion", KAFKA_BINDING);

        ObjectNode operation = doc.putObject("operations").putObject("publishEvents");
        operation.put("action", "send");
        ref(operation.putObject("channel"), "#/channels/events");
        operation.put("summary", "The command side publishes every stored event at least once, in order per aggregate.");
        ArrayNode operationMessages = operation.putArray("messages");

        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode componentSchemas = components.putObject("schemas");
        componentSchemas.set("CloudEventHeaders", headersSchema());
        componentSchemas.set("EventEnvelope", envelopeSchema());
        for (Class<? extends DomainEvent> eventClass : EventTypes.ALL) {
            String name = EventTypes.nameOf(eventClass);
            messages.set(name, message(eventClass));
            ref(channelMessages.putObject(name), "#/components/messages/" + name);
            ref(operationMessages.addObject(), "#/channels/events/messages/" + name);
        }
        schemas.forEach(componentSchemas::set);
        return doc;
    }

    private ObjectNode message(Class<? extends DomainEvent> eventClass) {
        String name = EventTypes.nameOf(eventClass);
        int version = EventTypes.versionOf(eventClass);
        ObjectNode message = NODES.objectNode();
        message.put("name", name);
        message.put("title", name + " v" + version);
        String description = javadoc(eventClass);
        if (description != null) {
            message.put("summary", description);
        }
        message.put("contentType", "application/json");
        message.put("x-schema-version", version);
        List<EventVersions.Step> steps = EventVersions.stepsOf(name);
        if (!steps.isEmpty()) {
            ArrayNode older = message.putArray("x-older-versions");
            steps.forEach(step -> older.addObject().put("version", step.fromVersion()).put("change", step.change()));
        }

        ObjectNode headers = message.putObject("headers");
        ArrayNode headerParts = headers.putArray("allOf");
        ref(headerParts.addObject(), "#/components/schemas/CloudEventHeaders");
        ObjectNode headerConsts = headerParts.addObject().put("type", "object").putObject("properties");
        headerConsts.putObject(CloudEventHeaders.TYPE).put("const", CloudEventHeaders.ceType(name, version));
        headerConsts.putObject(CloudEventHeaders.DATA_SCHEMA_VERSION).put("const", String.valueOf(version));

        ObjectNode payload = message.putObject("payload");
        ArrayNode payloadParts = payload.putArray("allOf");
        ref(payloadParts.addObject(), "#/components/schemas/EventEnvelope");
        ObjectNode payloadConsts = payloadParts.addObject().put("type", "object").putObject("properties");
        payloadConsts.putObject("type").put("const", name);
        payloadConsts.putObject("schemaVersion").put("const", version);
        payloadConsts.putObject("aggregateType").put("const", sample(eventClass).aggregateType());
        ref(payloadConsts.putObject("data"), "#/components/schemas/" + name);
        recordSchema(eventClass);

        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        kafka.putObject("key").put("type", "string")
                .put("description", "The aggregate id (envelope aggregateId): one aggregate, one partition, in order.");
        kafka.put("bindingVersion", KAFKA_BINDING);
        return message;
    }

    /** The JSON schema of a record, registered under its simple name; nested records get their own entry. */
    private void recordSchema(Class<?> recordClass) {
        String name = recordClass.getSimpleName();
        if (schemas.containsKey(name)) {
            return;
        }
        ObjectNode schema = NODES.objectNode();
        schemas.put(name, schema);
        schema.put("type", "object");
        String description = javadoc(recordClass);
        if (description != null && !DomainEvent.class.isAssignableFrom(recordClass)) {
            schema.put("description", description);
        }
        // Fields of a NON_NULL record are left out when null; every other field is always written (maybe as null).
        JsonInclude include = recordClass.getAnnotation(JsonInclude.class);
        boolean omitsNulls = include != null && include.value() == JsonInclude.Include.NON_NULL;
        Set<String> neverNull = neverNull(recordClass);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            boolean nullable = !component.getType().isPrimitive() && !neverNull.contains(component.getName());
            properties.set(component.getName(), typeSchema(component.getGenericType(), nullable));
            if (!omitsNulls) {
                required.add(component.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
    }

    /** The pool id and the aggregate's own id (declared by its sealed event interface) are never null. */
    private static Set<String> neverNull(Class<?> recordClass) {
        Set<String> names = new LinkedHashSet<>();
        if (DomainEvent.class.isAssignableFrom(recordClass)) {
            names.add("poolId");
            for (Class<?> face : recordClass.getInterfaces()) {
                if (DomainEvent.class.isAssignableFrom(face) && face != DomainEvent.class) {
                    for (Method method : face.getDeclaredMethods()) {
                        if (Modifier.isAbstract(method.getModifiers())) {
                            names.add(method.getName());
                        }
                    }
                }
            }
        }
        return names;
    }

    private ObjectNode typeSchema(Type type, boolean nullable) {
        ObjectNode schema = NODES.objectNode();
        if (type instanceof ParameterizedType generic && (generic.getRawType() == List.class
                || generic.getRawType() == Set.class)) {
            type(schema, "array", nullable);
            schema.set("items", typeSchema(generic.getActualTypeArguments()[0], false));
            if (generic.getRawType() == Set.class) {
                schema.put("uniqueItems", true);
            }
        } else if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
            type(schema, "object", nullable);
            schema.put("additionalProperties", true);
        } else if (type == String.class) {
            type(schema, "string", nullable);
        } else if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            type(schema, "integer", nullable);
            schema.put("format", type == Long.class || type == long.class ? "int64" : "int32");
        } else if (type == Boolean.class || type == boolean.class) {
            type(schema, "boolean", nullable);
        } else if (type == Double.class || type == double.class || type == java.math.BigDecimal.class) {
            type(schema, "number", nullable);
        } else if (type == java.time.Instant.class) {
            type(schema, "string", nullable);
            schema.put("format", "date-time");
        } else if (type instanceof Class<?> enumType && enumType.isEnum()) {
            type(schema, "string", nullable);
            ArrayNode values = schema.putArray("enum");
            for (Object constant : enumType.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            if (nullable) {
                values.addNull();
            }
        } else if (type == Object.class) {
            schema.put("description", "any JSON value");
        } else if (type instanceof Class<?> nested && nested.isRecord()) {
            recordSchema(nested);
            if (nullable) {
                ArrayNode oneOf = schema.putArray("oneOf");
                ref(oneOf.addObject(), "#/components/schemas/" + nested.getSimpleName());
                oneOf.addObject().put("type", "null");
            } else {
                ref(schema, "#/components/schemas/" + nested.getSimpleName());
            }
        } else {
            throw new IllegalStateException("no JSON schema mapping for " + type + ": extend AsyncApiDocument");
        }
        return schema;
    }

    private static void type(ObjectNode schema, String type, boolean nullable) {
        if (nullable) {
            schema.putArray("type").add(type).add("null");
        } else {
            schema.put("type", type);
        }
    }

    private static ObjectNode headersSchema() {
        ObjectNode schema = NODES.objectNode().put("type", "object")
                .put("description", "CloudEvents attributes as Kafka headers (binary mode), UTF-8 text.");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (String header : constants(CloudEventHeaders.class)) {
            properties.putObject(header).put("type", "string").put("description", described(HEADERS, header));
            required.add(header);
        }
        schema.set("required", required);
        return schema;
    }

    private static ObjectNode envelopeSchema() {
        ObjectNode schema = NODES.objectNode().put("type", "object")
                .put("description", "The JSON value of every record (shared-api EventEnvelope).");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent component : EventEnvelope.class.getRecordComponents()) {
            String name = component.getName();
            ObjectNode property = properties.putObject(name);
            switch (name) {
                case "schemaVersion" -> property.put("type", "integer").put("minimum", 1);
                case "sequence" -> property.put("type", "integer").put("format", "int64").put("minimum", 0);
                case "occurredAt" -> property.put("type", "string").put("format", "date-time");
                case "data" -> property.put("type", "object");
                case "metadata" -> {
                    property.put("type", "object");
                    ObjectNode keys = property.putObject("properties");
                    constants(MetadataKeys.class).forEach(key -> keys.putObject(key).put("type", "string")
                            .put("description", described(METADATA, key)));
                    property.putObject("additionalProperties").put("type", "string");
                }
                default -> property.put("type", "string");
            }
            property.put("description", described(ENVELOPE_FIELDS, name));
            if (!name.equals("metadata")) {
                required.add(name);
            }
        }
        schema.set("required", required);
        return schema;
    }

    private static String described(Map<String, String> descriptions, String name) {
        String description = descriptions.get(name);
        if (description == null) {
            throw new IllegalStateException(name + " has no description in AsyncApiDocument: add one");
        }
        return description;
    }

    /** The values of the public String constants of a class, in declaration order. */
    private static List<String> constants(Class<?> holder) {
        List<String> values = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    /** An instance with placeholder values, only to ask it for its aggregate type. */
    private static DomainEvent sample(Class<? extends DomainEvent> eventClass) {
        RecordComponent[] components = eventClass.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            types[i] = type;
            values[i] = placeholder(type);
        }
        try {
            return eventClass.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a sample " + eventClass.getSimpleName(), e);
        }
    }

    private static Object placeholder(Class<?> type) {
        if (type == String.class) {
            return "x";
        } else if (type == List.class) {
            return List.of();
        } else if (type == Map.class) {
            return Map.of();
        } else if (type == boolean.class) {
            return false;
        } else if (type == long.class) {
            return 0L;
        } else if (type == int.class) {
            return 0;
        }
        return null;
    }

    private static void ref(ObjectNode node, String target) {
        node.put("$ref", target);
    }

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

    /** The Javadoc right before the type's declaration, as one line of plain text; null when there is none. */
    private String javadoc(Class<?> type) {
        Path source = sourceDir.resolve(type.getName().replace('.', '/') + ".java");
        if (!Files.exists(source)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int declaration = text.indexOf("public record " + type.getSimpleName());
        if (declaration < 0) {
            return null;
        }
        String before = text.substring(0, declaration);
        Matcher matcher = JAVADOC.matcher(before);
        String last = null;
        int end = -1;
        while (matcher.find()) {
            last = matcher.group(1);
            end = matcher.end();
        }
        // Only annotations may stand between the comment and the declaration.
        if (last == null || !before.substring(end).strip().replaceAll("@\\w+(\\([^)]*\\))?", "").isBlank()) {
            return null;
        }
        return last.replaceAll("(?m)^\\s*\\* ?", "")
                .replaceAll("\\{@(?:code|link) ([^}]*)}", "$1")
                .replaceAll("</?p>", "")
                .replaceAll("\\s+", " ")
                .strip();
    }

    static JsonNode parse(String yaml) throws JsonProcessingException {
        return YAML.readTree(yaml);
    }
}

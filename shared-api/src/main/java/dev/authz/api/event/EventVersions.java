package dev.authz.api.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How an older payload version of a public event becomes the current one. Plain functions on the JSON object
 * (as a {@code Map}), so the event store's upcaster (command side) and the Kafka consumer (query side) run the
 * very same transformation, and a stored event or a record still on the topic in an old shape is read as the
 * current record class.
 *
 * <p>Policy: adding an optional field is not a version change (readers ignore unknown fields and take a
 * missing one as null); renaming, removing or changing the meaning of a field is, and comes with a step here.
 */
public final class EventVersions {

    /** One schema change: the payload of {@code type} at {@code fromVersion} becomes {@code fromVersion + 1}. */
    public record Step(String type, int fromVersion, String change, UnaryOperator<Map<String, Object>> upcast) {
    }

    public static final List<Step> STEPS = List.of(
            new Step("ResourceAuthorizationsRevoked", 1,
                    "v1 said \"every grant of the target\" with resourceCodes: null, which a consumer iterating the"
                            + " list reads as \"nothing revoked\"; v2 says it with allResources: true and"
                            + " resourceCodes is never null",
                    EventVersions::revokeAllMadeExplicit));

    private EventVersions() {
    }

    /**
     * The payload at the current version of its type. The given map is never changed; one already at the current
     * version comes back as it is.
     *
     * @throws IllegalArgumentException for an unknown type, a version below 1, or one newer than this build knows
     */
    public static Map<String, Object> toCurrent(String type, int version, Map<String, Object> payload) {
        Class<? extends DomainEvent> eventClass = EventTypes.classOf(type);
        if (eventClass == null) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        int current = EventTypes.versionOf(eventClass);
        if (version < 1 || version > current) {
            throw new IllegalArgumentException(type + " v" + version + " is not a version this build reads (current: v"
                    + current + ")");
        }
        Map<String, Object> upcast = payload;
        for (int from = version; from < current; from++) {
            upcast = step(type, from).upcast().apply(new LinkedHashMap<>(upcast));
        }
        return upcast;
    }

    /** The steps of one type, oldest first. */
    public static List<Step> stepsOf(String type) {
        return STEPS.stream().filter(step -> step.type().equals(type)).toList();
    }

    private static Step step(String type, int fromVersion) {
        return STEPS.stream().filter(s -> s.type().equals(type) && s.fromVersion() == fromVersion).findFirst()
                .orElseThrow(() -> new IllegalStateException("no upcast step for " + type + " v" + fromVersion));
    }

    /** ResourceAuthorizationsRevoked v1 → v2. */
    private static Map<String, Object> revokeAllMadeExplicit(Map<String, Object> payload) {
        Object codes = payload.get("resourceCodes");
        payload.put("allResources", codes == null);
        payload.put("resourceCodes", codes == null ? List.of() : codes);
        return payload;
    }
}

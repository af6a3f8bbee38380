package dev.authz.api.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventVersionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> revokedV1(List<String> codes) {
        Map<String, Object> v1 = new LinkedHashMap<>();
        v1.put("poolId", "p");
        v1.put("policyId", "pol");
        v1.put("namespaceId", "ns");
        v1.put("targetType", "USER");
        v1.put("targetId", "u1");
        v1.put("resourceCodes", codes);
        v1.put("reason", "REQUESTED");
        return v1;
    }

    @Test
    void aV1RevokeOfEverythingBecomesAllResources() {
        Map<String, Object> v1 = revokedV1(null);
        Map<String, Object> before = new HashMap<>(v1);
        ResourceAuthorizationsRevoked event = JSON.convertValue(
                EventVersions.toCurrent("ResourceAuthorizationsRevoked", 1, v1), ResourceAuthorizationsRevoked.class);
        assertThat(event.allResources()).isTrue();
        assertThat(event.resourceCodes()).isEmpty();
        assertThat(event.targetId()).isEqualTo("u1");
        assertThat(v1).as("the input is not changed").isEqualTo(before);
    }

    @Test
    void aV1RevokeOfSomeCodesKeepsThem() {
        ResourceAuthorizationsRevoked event = JSON.convertValue(EventVersions.toCurrent(
                "ResourceAuthorizationsRevoked", 1, revokedV1(List.of("books"))), ResourceAuthorizationsRevoked.class);
        assertThat(event.allResources()).isFalse();
        assertThat(event.resourceCodes()).containsExactly("books");
    }

    @Test
    void aV1PayloadReadWithoutItsUpcastIsRefusedNotMisread() {
        assertThatThrownBy(() -> JSON.convertValue(revokedV1(null), ResourceAuthorizationsRevoked.class))
                .hasMessageContaining("needs upcasting");
    }

    @Test
    void currentPayloadsPassUnchangedAndUnknownVersionsAreRefused() {
        Map<String, Object> group = Map.of("poolId", "p", "groupId", "g", "code", "c");
        assertThat(EventVersions.toCurrent("GroupCreated", 1, group)).isSameAs(group);
        assertThatThrownBy(() -> EventVersions.toCurrent("GroupCreated", 2, group)).hasMessageContaining("v2");
        assertThatThrownBy(() -> EventVersions.toCurrent("GroupCreated", 0, group)).hasMessageContaining("v0");
        assertThatThrownBy(() -> EventVersions.toCurrent("NoSuchEvent", 1, group)).hasMessageContaining("unknown");
    }

    @Test
    void everyOlderVersionOfEveryTypeHasItsStep() {
        for (Class<? extends DomainEvent> eventClass : EventTypes.ALL) {
            String name = EventTypes.nameOf(eventClass);
            List<Integer> from = EventVersions.stepsOf(name).stream().map(EventVersions.Step::fromVersion).toList();
            List<Integer> expected = java.util.stream.IntStream.range(1, EventTypes.versionOf(eventClass)).boxed().toList();
            assertThat(from).as(name).isEqualTo(expected);
        }
        assertThat(EventVersions.STEPS).allSatisfy(step -> assertThat(EventTypes.classOf(step.type())).isNotNull());
    }
}

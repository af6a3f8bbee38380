package dev.authz.query;

import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records an older release published stay on the topic after an upgrade (and a read-model rebuild reads them
 * again): a version 1 ResourceAuthorizationsRevoked is upcast and projected as version 2 would be; a version this
 * build does not know is not misread.
 */
class OlderEventVersionsTest extends IntegrationTestBase {
    private final String ns = newId();
    private final String nsCode = unique("ns");
    private final String user = newId();
    private final String policy = PolicyIds.of(POOL_A, ns, "USER", user);

    /** A user allowed to read books and watch films, in a namespace of its own. */
    @BeforeEach
    void grants() {
        publishAndWait(new NamespaceCreated(POOL_A, ns, nsCode, "versions", null),
                new ResourcesAuthorized(POOL_A, policy, ns, "USER", user, List.of(
                        new ResourceGrant("books", "DATA", List.of("read"), "ALLOW"),
                        new ResourceGrant("films", "DATA", List.of("watch"), "ALLOW"))));
        assertThat(allowed(nsCode, user, "read", "books")).isTrue();
    }

    @Test
    void aVersion1RevokeFromKafkaIsProjectedAsItsVersion2() {

        publishRecordAndWait(revokedV1(List.of("books")));
        assertThat(allowed(nsCode, user, "read", "books")).as("v1 naming books").isFalse();
        assertThat(allowed(nsCode, user, "watch", "films")).isTrue();

        publishRecordAndWait(revokedV1(null));
        assertThat(allowed(nsCode, user, "watch", "films")).as("v1 null = every grant").isFalse();
    }

    @Test
    void aVersionNewerThanThisBuildKnowsIsNotMisread() {
        // Read as today's version this would revoke books; what v9 means by "keepOnly" this build cannot know.
        Map<String, Object> v9 = new HashMap<>(revokedData(List.of("books")));
        v9.put("allResources", false);
        v9.put("keepOnly", true);
        events().send(events().next(POOL_A, policy, "ResourceAuthorizationsRevoked", 9, "authorization", v9));
        // The same aggregate, so the same partition: once this one is applied, the v9 record was passed.
        publishAndWait(new ResourcesAuthorized(POOL_A, policy, ns, "USER", user,
                List.of(new ResourceGrant("maps", "DATA", List.of("open"), "ALLOW"))));
        assertThat(allowed(nsCode, user, "open", "maps")).isTrue();
        assertThat(allowed(nsCode, user, "read", "books")).as("the v9 record changed nothing").isTrue();
    }

    private EventStream.Record revokedV1(List<String> codes) {
        return events().next(POOL_A, policy, "ResourceAuthorizationsRevoked", 1, "authorization",
                revokedData(codes));
    }

    /** The payload as version 1 wrote it: no allResources, resourceCodes null for "every grant". */
    private Map<String, Object> revokedData(List<String> codes) {
        Map<String, Object> data = new HashMap<>();
        data.put("poolId", POOL_A);
        data.put("policyId", policy);
        data.put("namespaceId", ns);
        data.put("targetType", "USER");
        data.put("targetId", user);
        data.put("resourceCodes", codes);
        data.put("reason", "REQUESTED");
        return data;
    }

    private void publishRecordAndWait(EventStream.Record record) {
        events().send(record);
        assertThat(applied(record.position(), 10_000)).isTrue();
    }
}

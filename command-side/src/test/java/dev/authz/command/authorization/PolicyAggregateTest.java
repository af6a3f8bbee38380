package dev.authz.command.authorization;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceAuthorizationsRevoked;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.event.ResourcesAuthorized;
import dev.authz.command.authorization.PolicyCommands.GrantResources;
import dev.authz.command.authorization.PolicyCommands.RevokeResources;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyAggregateTest {
    private static final String POOL = "pool-a";
    private static final String NS = "ns1";
    private static final String POLICY = PolicyIds.of(POOL, NS, "GROUP", "g1");
    private static final ResourceGrant READ_BOOKS = new ResourceGrant("books", "DATA", List.of("read"), "ALLOW");
    private static final ResourcesAuthorized GRANTED = new ResourcesAuthorized(POOL, POLICY, NS, "GROUP", "g1",
            List.of(READ_BOOKS));

    /** Targets that exist, as "TYPE/id". */
    static final class KnownTargets implements PolicyTargets {
        final Set<String> known = new HashSet<>();

        @Override
        public boolean exists(String poolId, TargetType type, String targetId) {
            return known.contains(poolId + "/" + type + "/" + targetId);
        }
    }

    private AggregateTestFixture<PolicyAggregate> fixture;
    private final KnownTargets targets = new KnownTargets();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PolicyAggregate.class);
        fixture.registerInjectableResource(targets);
        targets.known.add(POOL + "/GROUP/g1");
    }

    private static GrantResources grant(ResourceGrant... grants) {
        return new GrantResources(POLICY, POOL, NS, "GROUP", "g1", List.of(grants));
    }

    @Test
    void theIdIsDerivedFromPoolNamespaceAndTarget() {
        assertThat(POLICY).hasSize(24).matches("[0-9a-f]+").isEqualTo(PolicyIds.of(POOL, NS, "GROUP", "g1"))
                .isNotEqualTo(PolicyIds.of("pool-b", NS, "GROUP", "g1"));
    }

    @Test
    void theFirstGrantCreatesThePolicy() {
        fixture.givenNoPriorActivity()
                .when(grant(new ResourceGrant("books", null, List.of("read", "read"), null)))
                .expectEvents(GRANTED);
    }

    @Test
    void aReGrantReplacesTheEarlierGrantOnThatCode() {
        ResourceGrant write = new ResourceGrant("books", "DATA", List.of("write"), "ALLOW");
        fixture.given(GRANTED).when(grant(write))
                .expectEvents(new ResourcesAuthorized(POOL, POLICY, NS, "GROUP", "g1", List.of(write)));
    }

    @Test
    void aDenyIsKept() {
        ResourceGrant deny = new ResourceGrant("books:*", "DATA", List.of("*"), "DENY");
        fixture.givenNoPriorActivity().when(grant(deny))
                .expectEvents(new ResourcesAuthorized(POOL, POLICY, NS, "GROUP", "g1", List.of(deny)));
    }

    @Test
    void anUnknownEffectIsAFormatError() {
        fixture.givenNoPriorActivity().when(grant(new ResourceGrant("books", "DATA", List.of("read"), "MAYBE")))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "effect")).expectNoEvents();
    }

    @Test
    void anUnknownTargetGetsNothing() {
        fixture.givenNoPriorActivity()
                .when(new GrantResources(PolicyIds.of(POOL, NS, "USER", "u404"), POOL, NS, "USER", "u404",
                        List.of(READ_BOOKS)))
                .expectException(error(ErrorCode.USER_NOT_FOUND, "u404")).expectNoEvents();
    }

    @Test
    void revokeNamesOnlyWhatWasGranted() {
        fixture.given(GRANTED).when(new RevokeResources(POLICY, POOL, List.of("books", "films")))
                .expectEvents(new ResourceAuthorizationsRevoked(POOL, POLICY, NS, "GROUP", "g1", false,
                        List.of("books"), "REQUESTED"));
    }

    @Test
    void revokingEverythingSaysSoExplicitly() {
        fixture.given(GRANTED).when(new RevokeResources(POLICY, POOL, null))
                .expectEvents(new ResourceAuthorizationsRevoked(POOL, POLICY, NS, "GROUP", "g1", true, List.of(),
                        "REQUESTED"));
    }

    @Test
    void revokingWhatWasNeverGrantedSaysNothing() {
        fixture.given(GRANTED, new ResourceAuthorizationsRevoked(POOL, POLICY, NS, "GROUP", "g1", true, List.of(),
                "REQUESTED"))
                .when(new RevokeResources(POLICY, POOL, List.of("books")))
                .expectNoEvents();
    }

    @Test
    void anotherPoolCannotRevoke() {
        fixture.given(GRANTED).when(new RevokeResources(POLICY, "pool-b", null))
                .expectException(error(ErrorCode.RESOURCE_NOT_FOUND, null)).expectNoEvents();
    }

    private static Matcher<?> error(ErrorCode code, String argument) {
        return Matchers.predicate(e -> e instanceof ApiException api && api.code() == code
                && Objects.equals(api.argument(), argument));
    }
}

package dev.authz.command.organization;

import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.OrganizationCreated;
import dev.authz.api.event.OrganizationDeleted;
import dev.authz.api.event.OrganizationUpdated;
import dev.authz.command.InMemoryLookups;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.command.organization.OrganizationCommands.DeleteOrganization;
import dev.authz.command.organization.OrganizationCommands.OrganizationState;
import dev.authz.command.organization.OrganizationCommands.UpdateOrganization;
import dev.authz.command.role.InMemoryRoleLookups;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;
import static dev.authz.command.role.RoleAggregateTest.error;
import static org.assertj.core.api.Assertions.assertThat;

/** Creation (organization plus root department in one unit) is covered end to end in the integration tests. */
class OrganizationAggregateTest {
    private static final String POOL = "pool-a";
    private static final OrganizationCreated CREATED = new OrganizationCreated(POOL, "o1", "acme", "Acme", "", "root");

    private AggregateTestFixture<OrganizationAggregate> fixture;
    private InMemoryLookups lookups;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(OrganizationAggregate.class);
        lookups = new InMemoryLookups();
        fixture.registerInjectableResource(lookups);
        fixture.registerInjectableResource(new InMemoryRoleLookups());
        fixture.registerAnnotatedCommandHandler(new OrganizationCommandHandler(fixture.getRepository(), null, null));
    }

    @Test
    void renameMovesTheCodeAndKeepsTheRootDepartment() {
        lookups.claim(Kind.ORGANIZATION, POOL, POOL_WIDE, "acme", "o1");
        fixture.given(CREATED)
                .when(new UpdateOrganization("o1", POOL, "acme2", "Acme Inc", null))
                .expectEvents(new OrganizationUpdated(POOL, "o1", "acme2", "acme", "Acme Inc", ""))
                .expectResultMessagePayload(new OrganizationState("o1", "acme2", "Acme Inc", "", "root"));
        assertThat(lookups.idOf(Kind.ORGANIZATION, POOL, POOL_WIDE, "acme2")).contains("o1");
        assertThat(lookups.idOf(Kind.ORGANIZATION, POOL, POOL_WIDE, "acme")).isEmpty();
    }

    @Test
    void renameToATakenCodeIsRefused() {
        lookups.claim(Kind.ORGANIZATION, POOL, POOL_WIDE, "acme", "o1");
        lookups.claim(Kind.ORGANIZATION, POOL, POOL_WIDE, "taken", "o0");
        fixture.given(CREATED)
                .when(new UpdateOrganization("o1", POOL, "taken", null, null))
                .expectException(error(ErrorCode.ORGANIZATION_CODE_EXISTS, "taken"))
                .expectNoEvents();
    }

    @Test
    void anIllegalNewCodeIsRefused() {
        fixture.given(CREATED)
                .when(new UpdateOrganization("o1", POOL, "额！ ", null, null))
                .expectException(error(ErrorCode.INVALID_CODE, "organization code: 额！ "))
                .expectNoEvents();
    }

    @Test
    void deleteReleasesTheCode() {
        lookups.claim(Kind.ORGANIZATION, POOL, POOL_WIDE, "acme", "o1");
        fixture.given(CREATED)
                .when(new DeleteOrganization(POOL, "o1"))
                .expectEvents(new OrganizationDeleted(POOL, "o1", "acme"));
        assertThat(lookups.idOf(Kind.ORGANIZATION, POOL, POOL_WIDE, "acme")).isEmpty();
    }

    @Test
    void anotherPoolCannotTouchIt() {
        fixture.given(CREATED)
                .when(new UpdateOrganization("o1", "pool-b", null, "mine", null))
                .expectException(error(ErrorCode.ORGANIZATION_NOT_FOUND, ""))
                .expectNoEvents();
    }
}

package dev.authz.command.role;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleDeleted;
import dev.authz.api.event.RoleRevoked;
import dev.authz.api.event.RoleUpdated;
import dev.authz.command.InMemoryLookups;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.command.role.RoleCommands.AssignRole;
import dev.authz.command.role.RoleCommands.CreateRole;
import dev.authz.command.role.RoleCommands.CreateRolesBatch;
import dev.authz.command.role.RoleCommands.DeleteRoles;
import dev.authz.command.role.RoleCommands.RevokeRole;
import dev.authz.command.role.RoleCommands.Target;
import dev.authz.command.role.RoleCommands.UpdateRole;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

public class RoleAggregateTest {
    private static final String POOL = "pool-a";
    private static final String NS = "ns-default";
    private static final RoleCreated CREATED = new RoleCreated(POOL, "r1", NS, "admin", "Admin", "d", "ENABLE", null);

    private AggregateTestFixture<RoleAggregate> fixture;
    private InMemoryLookups lookups;
    private InMemoryRoleLookups roles;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RoleAggregate.class);
        lookups = new InMemoryLookups().withUsers(POOL, "u1", "u2");
        roles = new InMemoryRoleLookups();
        roles.add(POOL, "d1", "o1", null);
        fixture.registerInjectableResource(lookups);
        fixture.registerInjectableResource(roles);
        fixture.registerAnnotatedCommandHandler(new RoleBatchCommandHandler(fixture.getRepository()));
    }

    @Test
    void createClaimsTheCodeInItsNamespace() {
        fixture.givenNoPriorActivity()
                .when(new CreateRole("r1", POOL, NS, "admin", "Admin", "d", null))
                .expectEvents(CREATED);
        assertThat(lookups.idOf(Kind.ROLE, POOL, NS, "admin")).contains("r1");
    }

    @Test
    void aRoleWithoutNameIsNamedByItsCode() {
        fixture.givenNoPriorActivity()
                .when(new CreateRole("r1", POOL, NS, "admin", null, null, 5L))
                .expectEvents(new RoleCreated(POOL, "r1", NS, "admin", "admin", "", "ENABLE", 5L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"额! ", " ", "a b", "额！"})
    void illegalCharactersAreAnInvalidRoleCode(String code) {
        fixture.givenNoPriorActivity()
                .when(new CreateRole("r1", POOL, NS, code, null, null, null))
                .expectException(error(ErrorCode.INVALID_CODE, "role code: " + code))
                .expectNoEvents();
    }

    @Test
    void aCodeTakenInTheNamespaceIsRefused() {
        lookups.claim(Kind.ROLE, POOL, NS, "admin", "r0");
        fixture.givenNoPriorActivity()
                .when(new CreateRole("r1", POOL, NS, "admin", null, null, null))
                .expectException(error(ErrorCode.ROLE_CODE_EXISTS, "admin"))
                .expectNoEvents();
    }

    @Test
    void theSameCodeInAnotherNamespaceIsFine() {
        lookups.claim(Kind.ROLE, POOL, "ns-other", "admin", "r0");
        fixture.givenNoPriorActivity()
                .when(new CreateRole("r1", POOL, NS, "admin", "Admin", "d", null))
                .expectEvents(CREATED);
        assertThat(lookups.idOf(Kind.ROLE, POOL, "ns-other", "admin")).contains("r0");
    }

    @Test
    void aBatchWithATakenCodeCreatesNothing() {
        lookups.claim(Kind.ROLE, POOL, NS, "taken", "r0");
        fixture.givenNoPriorActivity()
                .when(new CreateRolesBatch(POOL, List.of(new CreateRole("r1", POOL, NS, "fresh", null, null, null),
                        new CreateRole("r2", POOL, NS, "taken", null, null, null))))
                .expectException(error(ErrorCode.ROLE_CODE_EXISTS, "taken"))
                .expectNoEvents();
    }

    @Test
    void renameMovesTheCode() {
        lookups.claim(Kind.ROLE, POOL, NS, "admin", "r1");
        fixture.given(CREATED)
                .when(new UpdateRole("r1", POOL, "root", null, null, "DISABLE", null, false))
                .expectEvents(new RoleUpdated(POOL, "r1", NS, "root", "admin", "Admin", "d", "DISABLE", null));
        assertThat(lookups.idOf(Kind.ROLE, POOL, NS, "root")).contains("r1");
        assertThat(lookups.idOf(Kind.ROLE, POOL, NS, "admin")).isEmpty();
    }

    @Test
    void renameToATakenCodeIsRefused() {
        lookups.claim(Kind.ROLE, POOL, NS, "admin", "r1");
        lookups.claim(Kind.ROLE, POOL, NS, "taken", "r0");
        fixture.given(CREATED)
                .when(new UpdateRole("r1", POOL, "taken", null, null, null, null, false))
                .expectException(error(ErrorCode.ROLE_CODE_EXISTS, "taken"))
                .expectNoEvents();
    }

    @Test
    void aDisableTimeIsKeptUnlessReplacedOrCleared() {
        RoleUpdated disabledLater = new RoleUpdated(POOL, "r1", NS, "admin", "admin", "Admin", "d", "ENABLE", 5_000L);
        fixture.given(CREATED, disabledLater)
                .when(new UpdateRole("r1", POOL, null, "Renamed", null, null, null, false))
                .expectEvents(new RoleUpdated(POOL, "r1", NS, "admin", "admin", "Renamed", "d", "ENABLE", 5_000L));
        fixture.given(CREATED, disabledLater)
                .when(new UpdateRole("r1", POOL, null, null, null, null, 9_000L, false))
                .expectEvents(new RoleUpdated(POOL, "r1", NS, "admin", "admin", "Admin", "d", "ENABLE", 9_000L));
        fixture.given(CREATED, disabledLater)
                .when(new UpdateRole("r1", POOL, null, null, null, null, null, true))
                .expectEvents(new RoleUpdated(POOL, "r1", NS, "admin", "admin", "Admin", "d", "ENABLE", null));
    }

    @Test
    void anUnknownStatusIsAFormatError() {
        fixture.given(CREATED)
                .when(new UpdateRole("r1", POOL, null, null, null, "PAUSED", null, false))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "status"))
                .expectNoEvents();
    }

    @Test
    void deleteReleasesTheCodeAndEndsItsAssignments() {
        lookups.claim(Kind.ROLE, POOL, NS, "admin", "r1");
        roles.assign(POOL, "r1", "USER", List.of("u1"), null, null);
        fixture.given(CREATED)
                .when(new DeleteRoles(POOL, List.of("r1")))
                .expectEvents(new RoleDeleted(POOL, "r1", NS, "admin"));
        assertThat(lookups.idOf(Kind.ROLE, POOL, NS, "admin")).isEmpty();
        assertThat(roles.holds("r1", "USER", "u1")).isFalse();
    }

    @Test
    void assignListsOnlyNewTargetsAndIsIdempotent() {
        roles.assign(POOL, "r1", "USER", List.of("u1"), null, null);
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("USER", "u1"), new Target("USER", "u2")), null, null))
                .expectEvents(new RoleAssigned(POOL, "r1", NS, "USER", List.of("u2"), null, null));
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("USER", "u1"), new Target("USER", "u2")), null, null))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aTimeBoundedAssignmentStoresItsWindowAndANewWindowUpdatesIt() {
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("USER", "u1")), 1000L, 2000L))
                .expectEvents(new RoleAssigned(POOL, "r1", NS, "USER", List.of("u1"), 1000L, 2000L));
        assertThat(roles.window("r1", "USER", "u1")).containsExactly(1000L, 2000L);
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("USER", "u1")), 1000L, 3000L))
                .expectEvents(new RoleAssigned(POOL, "r1", NS, "USER", List.of("u1"), 1000L, 3000L));
        assertThat(roles.window("r1", "USER", "u1")).containsExactly(1000L, 3000L);
    }

    @Test
    void aWindowMustEndAfterItStarts() {
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("USER", "u1")), 2000L, 2000L))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "endTime"))
                .expectNoEvents();
    }

    @Test
    void anUnknownUserFailsTheWholeAssignment() {
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("USER", "u1"), new Target("USER", "ghost")),
                        null, null))
                .expectException(error(ErrorCode.USER_NOT_FOUND, null))
                .expectNoEvents();
        assertThat(roles.holds("r1", "USER", "u1")).isFalse();
    }

    @Test
    void departmentsCanHoldRolesButOnlyExistingOnes() {
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("DEPARTMENT", "d1")), null, null))
                .expectEvents(new RoleAssigned(POOL, "r1", NS, "DEPARTMENT", List.of("d1"), null, null));
        fixture.given(CREATED)
                .when(new AssignRole("r1", POOL, List.of(new Target("DEPARTMENT", "d9")), null, null))
                .expectException(error(ErrorCode.DEPARTMENT_NOT_FOUND, null))
                .expectNoEvents();
    }

    @Test
    void revokeListsOnlyAssignedTargets() {
        roles.assign(POOL, "r1", "USER", List.of("u1"), null, null);
        fixture.given(CREATED)
                .when(new RevokeRole("r1", POOL, List.of(new Target("USER", "u1"), new Target("USER", "u2"))))
                .expectEvents(new RoleRevoked(POOL, "r1", NS, "USER", List.of("u1"), "REQUESTED"));
        fixture.given(CREATED)
                .when(new RevokeRole("r1", POOL, List.of(new Target("USER", "u1"))))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void anotherPoolCannotTouchIt() {
        fixture.given(CREATED)
                .when(new AssignRole("r1", "pool-b", List.of(new Target("USER", "u1")), null, null))
                .expectException(error(ErrorCode.ROLE_NOT_FOUND, null))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateRole("r1", "pool-b", null, "mine", null, null, null, false))
                .expectException(error(ErrorCode.ROLE_NOT_FOUND, null))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new DeleteRoles("pool-b", List.of("r1")))
                .expectException(error(ErrorCode.ROLE_NOT_FOUND, null))
                .expectNoEvents();
    }

    public static Matcher<?> error(ErrorCode code, String argument) {
        return Matchers.predicate(e -> e instanceof ApiException api && api.code() == code
                && Objects.equals(api.argument(), argument));
    }
}

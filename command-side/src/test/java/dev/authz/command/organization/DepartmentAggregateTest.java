package dev.authz.command.organization;

import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.event.DepartmentDeleted;
import dev.authz.api.event.DepartmentMembersAdded;
import dev.authz.api.event.DepartmentMembersRemoved;
import dev.authz.api.event.DepartmentUpdated;
import dev.authz.command.InMemoryLookups;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.command.organization.OrganizationCommands.AddDepartmentMembers;
import dev.authz.command.organization.OrganizationCommands.CreateDepartment;
import dev.authz.command.organization.OrganizationCommands.DeleteDepartment;
import dev.authz.command.organization.OrganizationCommands.RemoveDepartmentMembers;
import dev.authz.command.organization.OrganizationCommands.UpdateDepartment;
import dev.authz.command.role.InMemoryRoleLookups;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.authz.command.role.RoleAggregateTest.error;
import static org.assertj.core.api.Assertions.assertThat;

class DepartmentAggregateTest {
    private static final String POOL = "pool-a";
    private static final DepartmentCreated ROOT = new DepartmentCreated(POOL, "root", "o1", null, null, "Org", "");
    private static final DepartmentCreated SALES = new DepartmentCreated(POOL, "d1", "o1", "root", "sales", "Sales", "");

    private AggregateTestFixture<DepartmentAggregate> fixture;
    private InMemoryLookups lookups;
    private InMemoryRoleLookups tree;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DepartmentAggregate.class);
        lookups = new InMemoryLookups().withUsers(POOL, "u1", "u2");
        tree = new InMemoryRoleLookups();
        tree.add(POOL, "root", "o1", null);
        tree.add("pool-b", "other-root", "o2", null);
        fixture.registerInjectableResource(lookups);
        fixture.registerInjectableResource(tree);
        fixture.registerAnnotatedCommandHandler(new OrganizationCommandHandler(null, fixture.getRepository(), null));
    }

    @Test
    void createClaimsTheCodeInItsOrganizationAndHangsBelowItsParent() {
        fixture.givenNoPriorActivity()
                .when(new CreateDepartment("d1", POOL, "o1", "root", "sales", "Sales", ""))
                .expectEvents(SALES);
        assertThat(lookups.idOf(Kind.DEPARTMENT, POOL, "o1", "sales")).contains("d1");
        assertThat(tree.find(POOL, "d1")).isPresent();
    }

    @Test
    void aCodeTakenInTheOrganizationIsRefusedButAnotherOrganizationMayUseIt() {
        lookups.claim(Kind.DEPARTMENT, POOL, "o1", "sales", "d0");
        fixture.givenNoPriorActivity()
                .when(new CreateDepartment("d1", POOL, "o1", "root", "sales", "Sales", ""))
                .expectException(error(ErrorCode.DEPARTMENT_CODE_EXISTS, "sales"))
                .expectNoEvents();
        lookups.claim(Kind.DEPARTMENT, POOL, "o9", "support", "d0");
        fixture.givenNoPriorActivity()
                .when(new CreateDepartment("d2", POOL, "o1", "root", "support", "Support", ""))
                .expectSuccessfulHandlerExecution();
    }

    @ParameterizedTest
    @ValueSource(strings = {"额！ ", " "})
    void illegalCodesAreRefusedWithTheSdksWording(String code) {
        fixture.givenNoPriorActivity()
                .when(new CreateDepartment("d1", POOL, "o1", "root", code, "Sales", ""))
                .expectException(error(ErrorCode.INVALID_CODE, "organization code: " + code))
                .expectNoEvents();
    }

    @Test
    void theParentMustBeADepartmentOfTheSameOrganizationAndPool() {
        fixture.givenNoPriorActivity()
                .when(new CreateDepartment("d1", POOL, "o1", "other-root", null, "Sales", ""))
                .expectException(error(ErrorCode.DEPARTMENT_NOT_FOUND, null))
                .expectNoEvents();
    }

    @Test
    void theRootDepartmentCanTakeACodeAndBeRenamed() {
        fixture.given(ROOT)
                .when(new UpdateDepartment("root", POOL, "anyway", "Renamed", null, null))
                .expectEvents(new DepartmentUpdated(POOL, "root", "o1", null, "anyway", null, "Renamed", ""));
        assertThat(lookups.idOf(Kind.DEPARTMENT, POOL, "o1", "anyway")).contains("root");
    }

    @Test
    void renameToATakenCodeIsRefused() {
        lookups.claim(Kind.DEPARTMENT, POOL, "o1", "sales", "d1");
        lookups.claim(Kind.DEPARTMENT, POOL, "o1", "taken", "d0");
        fixture.given(SALES)
                .when(new UpdateDepartment("d1", POOL, "taken", null, null, null))
                .expectException(error(ErrorCode.DEPARTMENT_CODE_EXISTS, "taken"))
                .expectNoEvents();
    }

    @Test
    void aDepartmentCannotMoveBelowItself() {
        tree.add(POOL, "d1", "o1", "root");
        tree.add(POOL, "d2", "o1", "d1");
        fixture.given(SALES)
                .when(new UpdateDepartment("d1", POOL, null, null, null, "d2"))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "parentDepartmentId"))
                .expectNoEvents();
    }

    @Test
    void theRootCannotMove() {
        tree.add(POOL, "d2", "o1", "root");
        fixture.given(ROOT)
                .when(new UpdateDepartment("root", POOL, null, null, null, "d2"))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "parentDepartmentId"))
                .expectNoEvents();
    }

    @Test
    void unknownUsersAreIgnoredAndMembersAreNotAddedTwice() {
        tree.addNew(POOL, "d1", List.of("u1"));
        fixture.given(SALES)
                .when(new AddDepartmentMembers("d1", POOL, List.of("u1", "u2", "ghost")))
                .expectEvents(new DepartmentMembersAdded(POOL, "d1", List.of("u2")));
        assertThat(tree.isMember("d1", "ghost")).isFalse();
    }

    @Test
    void removeListsOnlyMembers() {
        tree.addNew(POOL, "d1", List.of("u1"));
        fixture.given(SALES)
                .when(new RemoveDepartmentMembers("d1", POOL, List.of("u1", "u2")))
                .expectEvents(new DepartmentMembersRemoved(POOL, "d1", List.of("u1"), "REQUESTED"));
    }

    @Test
    void deleteFreesTheCodeAndItsMembersLeave() {
        tree.add(POOL, "d1", "o1", "root");
        tree.addNew(POOL, "d1", List.of("u1"));
        lookups.claim(Kind.DEPARTMENT, POOL, "o1", "sales", "d1");
        fixture.given(SALES)
                .when(new DeleteDepartment(POOL, "d1"))
                .expectEvents(new DepartmentDeleted(POOL, "d1", "o1", "sales"));
        assertThat(lookups.idOf(Kind.DEPARTMENT, POOL, "o1", "sales")).isEmpty();
        assertThat(tree.isMember("d1", "u1")).isFalse();
        assertThat(tree.find(POOL, "d1")).isEmpty();
    }

    @Test
    void theRootDepartmentGoesOnlyWithItsOrganization() {
        fixture.given(ROOT)
                .when(new DeleteDepartment(POOL, "root"))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "departmentId"))
                .expectNoEvents();
    }

    @Test
    void anotherPoolCannotTouchIt() {
        fixture.given(SALES)
                .when(new AddDepartmentMembers("d1", "pool-b", List.of("u1")))
                .expectException(error(ErrorCode.DEPARTMENT_NOT_FOUND, null))
                .expectNoEvents();
        fixture.given(SALES)
                .when(new UpdateDepartment("d1", "pool-b", null, "mine", null, null))
                .expectException(error(ErrorCode.DEPARTMENT_NOT_FOUND, null))
                .expectNoEvents();
    }
}

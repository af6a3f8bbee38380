package dev.authz.command.group;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.web.GroupDto;
import dev.authz.command.InMemoryLookups;
import dev.authz.command.group.GroupCommands.AddGroupMembers;
import dev.authz.command.group.GroupCommands.CreateGroup;
import dev.authz.command.group.GroupCommands.CreateGroupsBatch;
import dev.authz.command.group.GroupCommands.DeleteGroups;
import dev.authz.command.group.GroupCommands.RemoveGroupMembers;
import dev.authz.command.group.GroupCommands.UpdateGroup;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class GroupAggregateTest {
    private static final String POOL = "pool-a";
    private static final String OTHER_POOL = "pool-b";
    private static final String GROUP = "g1";
    private static final GroupCreated CREATED = new GroupCreated(POOL, GROUP, "dev", "Developers", "", null, null);

    private AggregateTestFixture<GroupAggregate> fixture;
    private InMemoryLookups lookups;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GroupAggregate.class);
        lookups = new InMemoryLookups().withUsers(POOL, "u1", "u2", "u3");
        fixture.registerInjectableResource(lookups);
        fixture.registerAnnotatedCommandHandler(new GroupBatchCommandHandler(fixture.getRepository()));
    }

    @Test
    void createGroupClaimsItsCode() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, POOL, "dev", "Developers", "", null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(CREATED);
        assertThat(lookups.groupIdOf(POOL, "dev")).contains(GROUP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "额!", "has space", "-leading-dash", "a/b", "drop';--",
            "x2345678901234567890123456789012345678901234567890123456789012345"})
    void illegalCodeIsRefusedAndNothingHappens(String code) {
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, POOL, code, "n", "", null, null))
                .expectException(ApiException.class)
                .expectException(error(ErrorCode.INVALID_PARAMETER))
                .expectNoEvents();
        assertThat(lookups.groupIdOf(POOL, code)).isEmpty();
    }

    @Test
    void duplicateCodeInThePoolIsRefused() {
        lookups.withCode(POOL, "dev", "g0");
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, POOL, "dev", "Again", "", null, null))
                .expectException(error(ErrorCode.GROUP_CODE_EXISTS))
                .expectNoEvents();
    }

    @Test
    void theSameCodeMayExistInAnotherPool() {
        lookups.withCode(OTHER_POOL, "dev", "g0");
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, POOL, "dev", "Developers", "", null, null))
                .expectEvents(CREATED);
    }

    @Test
    void renameMovesTheCodeAndRemembersThePreviousOne() {
        lookups.withCode(POOL, "dev", GROUP);
        fixture.given(CREATED)
                .when(new UpdateGroup(GROUP, POOL, "engineering", null, "all engineers", null))
                .expectEvents(new GroupUpdated(POOL, GROUP, "engineering", "dev", "Developers", "all engineers",
                        null))
                .expectResultMessagePayload(GroupDto.of(GROUP, "engineering", "Developers", "all engineers", null));
        assertThat(lookups.groupIdOf(POOL, "engineering")).contains(GROUP);
        assertThat(lookups.groupIdOf(POOL, "dev")).isEmpty();
    }

    @Test
    void anUpdateThatChangesNothingAppendsNoEvent() {
        lookups.withCode(POOL, "dev", GROUP);
        fixture.given(CREATED)
                .when(new UpdateGroup(GROUP, POOL, "dev", "Developers", null, null))
                .expectNoEvents()
                .expectResultMessagePayload(GroupDto.of(GROUP, "dev", "Developers", "", null));
    }

    @Test
    void renameToATakenCodeIsRefused() {
        lookups.withCode(POOL, "dev", GROUP).withCode(POOL, "ops", "g2");
        fixture.given(CREATED)
                .when(new UpdateGroup(GROUP, POOL, "ops", null, null, null))
                .expectException(error(ErrorCode.GROUP_CODE_EXISTS))
                .expectNoEvents();
        assertThat(lookups.groupIdOf(POOL, "dev")).contains(GROUP);
    }

    @Test
    void anotherPoolCannotChangeTheGroup() {
        fixture.given(CREATED)
                .when(new UpdateGroup(GROUP, OTHER_POOL, null, "hijacked", null, null))
                .expectException(error(ErrorCode.GROUP_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void deleteReleasesTheCodeAndTheMemberships() {
        lookups.withCode(POOL, "dev", GROUP).withMember(POOL, GROUP, "u1");
        fixture.given(CREATED, new GroupMembersAdded(POOL, GROUP, List.of("u1")))
                .when(new DeleteGroups(POOL, List.of(GROUP)))
                .expectEvents(new GroupDeleted(POOL, GROUP, "dev"));
        assertThat(lookups.groupIdOf(POOL, "dev")).isEmpty();
        assertThat(lookups.isMember(GROUP, "u1")).isFalse();
    }

    @Test
    void aDeletedGroupTakesNoMoreCommands() {
        fixture.given(CREATED, new GroupDeleted(POOL, GROUP, "dev"))
                .when(new AddGroupMembers(GROUP, POOL, List.of("u1")))
                .expectException(AggregateDeletedException.class);
    }

    @Test
    void addMembersRecordsOnlyNewMembers() {
        lookups.withMember(POOL, GROUP, "u1");
        fixture.given(CREATED, new GroupMembersAdded(POOL, GROUP, List.of("u1")))
                .when(new AddGroupMembers(GROUP, POOL, List.of("u1", "u2")))
                .expectEvents(new GroupMembersAdded(POOL, GROUP, List.of("u2")));
    }

    @Test
    void reAddingMembersIsIdempotent() {
        lookups.withMember(POOL, GROUP, "u1").withMember(POOL, GROUP, "u2");
        fixture.given(CREATED, new GroupMembersAdded(POOL, GROUP, List.of("u1", "u2")))
                .when(new AddGroupMembers(GROUP, POOL, List.of("u2", "u1")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anUnknownUserAddsNobody() {
        fixture.given(CREATED)
                .when(new AddGroupMembers(GROUP, POOL, List.of("u1", "ghost")))
                .expectException(error(ErrorCode.USER_NOT_FOUND))
                .expectNoEvents();
        assertThat(lookups.isMember(GROUP, "u1")).isFalse();
    }

    @Test
    void usersOfAnotherPoolAreUnknown() {
        lookups.withUsers(OTHER_POOL, "foreign");
        fixture.given(CREATED)
                .when(new AddGroupMembers(GROUP, POOL, List.of("foreign")))
                .expectException(error(ErrorCode.USER_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void removeMembersRecordsOnlyActualMembers() {
        lookups.withMember(POOL, GROUP, "u1");
        fixture.given(CREATED, new GroupMembersAdded(POOL, GROUP, List.of("u1")))
                .when(new RemoveGroupMembers(GROUP, POOL, List.of("u1", "u3")))
                .expectEvents(new GroupMembersRemoved(POOL, GROUP, List.of("u1"), GroupMembersRemoved.REQUESTED));
    }

    @Test
    void removingNonMembersChangesNothing() {
        fixture.given(CREATED)
                .when(new RemoveGroupMembers(GROUP, POOL, List.of("u1")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBatchWithADuplicateCodeCreatesNothing() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroupsBatch(POOL, List.of(
                        new CreateGroup("g1", POOL, "a", "A", "", null, null),
                        new CreateGroup("g2", POOL, "a", "A again", "", null, null))))
                .expectException(error(ErrorCode.GROUP_CODE_EXISTS))
                .expectNoEvents();
    }

    private static org.hamcrest.Matcher<?> error(ErrorCode code) {
        Predicate<Object> hasCode = e -> e instanceof ApiException api && api.code() == code;
        return Matchers.predicate(hasCode);
    }
}

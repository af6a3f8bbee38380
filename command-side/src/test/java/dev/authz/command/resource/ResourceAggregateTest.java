package dev.authz.command.resource;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceCreated;
import dev.authz.api.event.ResourceDeleted;
import dev.authz.api.event.ResourceUpdated;
import dev.authz.command.InMemoryLookups;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.command.resource.ResourceCommands.CreateResource;
import dev.authz.command.resource.ResourceCommands.CreateResourcesBatch;
import dev.authz.command.resource.ResourceCommands.DeleteResources;
import dev.authz.command.resource.ResourceCommands.UpdateResource;
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

class ResourceAggregateTest {
    private static final String POOL = "pool-a";
    private static final String NS = "ns-default";
    private static final List<ResourceAction> READ = List.of(new ResourceAction("read", "read books"));
    private static final ResourceCreated CREATED = new ResourceCreated(POOL, "r1", NS, "books", "Books", "d",
            "DATA", READ, null);

    private AggregateTestFixture<ResourceAggregate> fixture;
    private InMemoryLookups lookups;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ResourceAggregate.class);
        lookups = new InMemoryLookups();
        fixture.registerInjectableResource(lookups);
        fixture.registerAnnotatedCommandHandler(new ResourceBatchCommandHandler(fixture.getRepository()));
    }

    private static CreateResource create(String id, String namespaceId, String code) {
        return new CreateResource(id, POOL, namespaceId, code, "Books", "d", "DATA", READ, null);
    }

    @Test
    void createClaimsTheCodeInItsNamespace() {
        fixture.givenNoPriorActivity().when(create("r1", NS, "books")).expectEvents(CREATED);
        assertThat(lookups.idOf(Kind.RESOURCE, POOL, NS, "books")).contains("r1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"额！", " ", "额! "})
    void illegalCharactersAreAnInvalidCode(String code) {
        fixture.givenNoPriorActivity().when(create("r1", NS, code))
                .expectException(error(ErrorCode.INVALID_CODE, "resource code: " + code)).expectNoEvents();
    }

    @Test
    void anUnknownTypeIsAFormatError() {
        fixture.givenNoPriorActivity()
                .when(new CreateResource("r1", POOL, NS, "books", null, null, "TABLE", null, null))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "type")).expectNoEvents();
    }

    @Test
    void aTakenCodeInTheSameNamespaceIsRefused() {
        lookups.claim(Kind.RESOURCE, POOL, NS, "books", "r0");
        fixture.givenNoPriorActivity().when(create("r1", NS, "books"))
                .expectException(error(ErrorCode.RESOURCE_CODE_EXISTS, "books")).expectNoEvents();
    }

    @Test
    void theSameCodeMayExistInAnotherNamespace() {
        lookups.claim(Kind.RESOURCE, POOL, "ns-other", "books", "r0");
        fixture.givenNoPriorActivity().when(create("r1", NS, "books")).expectEvents(CREATED);
    }

    @Test
    void aBatchWithOneTakenCodeCreatesNothing() {
        lookups.claim(Kind.RESOURCE, POOL, NS, "taken", "r0");
        fixture.givenNoPriorActivity()
                .when(new CreateResourcesBatch(POOL, List.of(create("r1", NS, "books"), create("r2", NS, "taken"))))
                .expectException(error(ErrorCode.RESOURCE_CODE_EXISTS, "taken")).expectNoEvents();
    }

    @Test
    void updateKeepsWhatItDoesNotChange() {
        List<ResourceAction> actions = List.of(new ResourceAction("write", null));
        ResourceUpdated updated = new ResourceUpdated(POOL, "r1", NS, "books", "Books", "new", "DATA", actions, null);
        fixture.given(CREATED)
                .when(new UpdateResource("r1", POOL, null, "new", null, actions, null))
                .expectEvents(updated).expectResultMessagePayload(updated);
    }

    @Test
    void deleteReleasesTheCode() {
        lookups.claim(Kind.RESOURCE, POOL, NS, "books", "r1");
        fixture.given(CREATED).when(new DeleteResources(POOL, List.of("r1")))
                .expectEvents(new ResourceDeleted(POOL, "r1", NS, "books"));
        assertThat(lookups.idOf(Kind.RESOURCE, POOL, NS, "books")).isEmpty();
    }

    @Test
    void anotherPoolCannotTouchIt() {
        fixture.given(CREATED).when(new UpdateResource("r1", "pool-b", "mine", null, null, null, null))
                .expectException(error(ErrorCode.RESOURCE_NOT_FOUND, null)).expectNoEvents();
        fixture.given(CREATED).when(new DeleteResources("pool-b", List.of("r1")))
                .expectException(error(ErrorCode.RESOURCE_NOT_FOUND, null)).expectNoEvents();
    }

    private static Matcher<?> error(ErrorCode code, String argument) {
        return Matchers.predicate(e -> e instanceof ApiException api && api.code() == code
                && Objects.equals(api.argument(), argument));
    }
}

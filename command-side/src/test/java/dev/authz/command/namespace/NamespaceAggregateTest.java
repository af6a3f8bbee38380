package dev.authz.command.namespace;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.NamespaceDeleted;
import dev.authz.api.event.NamespaceUpdated;
import dev.authz.api.web.NamespaceDto;
import dev.authz.command.InMemoryLookups;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespace;
import dev.authz.command.namespace.NamespaceCommands.DeleteNamespaces;
import dev.authz.command.namespace.NamespaceCommands.UpdateNamespace;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;
import static org.assertj.core.api.Assertions.assertThat;

class NamespaceAggregateTest {
    private static final String POOL = "pool-a";
    private static final NamespaceCreated CREATED = new NamespaceCreated(POOL, "n1", "books", "Books", "d");

    private AggregateTestFixture<NamespaceAggregate> fixture;
    private InMemoryLookups lookups;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(NamespaceAggregate.class);
        lookups = new InMemoryLookups();
        fixture.registerInjectableResource(lookups);
        fixture.registerAnnotatedCommandHandler(new NamespaceBatchCommandHandler(fixture.getRepository()));
    }

    @Test
    void createClaimsTheCode() {
        fixture.givenNoPriorActivity()
                .when(new CreateNamespace("n1", POOL, "books", "Books", "d"))
                .expectEvents(CREATED);
        assertThat(lookups.idOf(Kind.NAMESPACE, POOL, POOL_WIDE, "books")).contains("n1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"额！", " ", "a b"})
    void illegalCharactersAreAnInvalidCode(String code) {
        fixture.givenNoPriorActivity()
                .when(new CreateNamespace("n1", POOL, code, "x", null))
                .expectException(error(ErrorCode.INVALID_CODE, "namespace code: " + code))
                .expectNoEvents();
    }

    @Test
    void aTakenCodeIsRefused() {
        lookups.claim(Kind.NAMESPACE, POOL, POOL_WIDE, "books", "n0");
        fixture.givenNoPriorActivity()
                .when(new CreateNamespace("n1", POOL, "books", "Books", null))
                .expectException(error(ErrorCode.NAMESPACE_CODE_EXISTS, "books"))
                .expectNoEvents();
    }

    @Test
    void renameMovesTheCode() {
        lookups.claim(Kind.NAMESPACE, POOL, POOL_WIDE, "books", "n1");
        fixture.given(CREATED)
                .when(new UpdateNamespace("n1", POOL, "library", null, null))
                .expectEvents(new NamespaceUpdated(POOL, "n1", "library", "books", "Books", "d"))
                .expectResultMessagePayload(new NamespaceDto("library", "Books", "d"));
        assertThat(lookups.idOf(Kind.NAMESPACE, POOL, POOL_WIDE, "library")).contains("n1");
        assertThat(lookups.idOf(Kind.NAMESPACE, POOL, POOL_WIDE, "books")).isEmpty();
    }

    @Test
    void deleteReleasesTheCode() {
        lookups.claim(Kind.NAMESPACE, POOL, POOL_WIDE, "books", "n1");
        fixture.given(CREATED)
                .when(new DeleteNamespaces(POOL, List.of("n1")))
                .expectEvents(new NamespaceDeleted(POOL, "n1", "books"));
        assertThat(lookups.idOf(Kind.NAMESPACE, POOL, POOL_WIDE, "books")).isEmpty();
    }

    @Test
    void theDefaultNamespaceStays() {
        fixture.given(new NamespaceCreated(POOL, "n0", "default", "Default", null))
                .when(new DeleteNamespaces(POOL, List.of("n0")))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "code"))
                .expectNoEvents();
    }

    @Test
    void anotherPoolCannotTouchIt() {
        fixture.given(CREATED)
                .when(new UpdateNamespace("n1", "pool-b", null, "mine", null))
                .expectException(error(ErrorCode.NAMESPACE_NOT_FOUND, null))
                .expectNoEvents();
    }

    private static Matcher<?> error(ErrorCode code, String argument) {
        return Matchers.predicate(e -> e instanceof ApiException api && api.code() == code
                && java.util.Objects.equals(api.argument(), argument));
    }
}

package dev.authz.command.consistency;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.kit.web.RequestContext;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A command that loses the race to append to its aggregate (another instance appended first) is retried; when
 * every attempt loses, the client gets the documented business error (ADR 0002), not a 500.
 */
class CommandDispatcherTest {
    /** A command of its own type, so the bus routes it to the handler below. */
    record Touch(String aggregateId) {
    }

    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CommandDispatcher dispatcher = new CommandDispatcher(
            DefaultCommandGateway.builder().commandBus(bus).build(),
            new ReadModelWaiter("http://127.0.0.1:1", "", Duration.ofMillis(10)),
            new CommandMetrics(new SimpleMeterRegistry()));

    @BeforeEach
    void bindRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v3/update-group");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, new MockHttpServletResponse()));
        new RequestContext("pool-1", "request-1", "zh-CN", "127.0.0.1", "test").bindTo(request);
    }

    @AfterEach
    void unbindRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    private void handlerLosingTheRace(int times) {
        bus.subscribe(Touch.class.getName(), message -> {
            if (attempts.incrementAndGet() <= times) {
                throw new ConcurrencyException("another instance appended sequence 7 first");
            }
            return "done";
        });
    }

    @Test
    void aCommandThatLosesTheRaceIsRetriedUntilItWins() {
        handlerLosingTheRace(2);
        assertThat(dispatcher.<String>send(new Touch("g-1"), ErrorCode.GROUP_NOT_FOUND).value()).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void whenEveryAttemptLosesTheAnswerIsTheConcurrentModificationError() {
        handlerLosingTheRace(Integer.MAX_VALUE);
        assertThatThrownBy(() -> dispatcher.send(new Touch("g-1"), ErrorCode.GROUP_NOT_FOUND))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
                    assertThat(e.code().httpStatus()).isEqualTo(200);
                    assertThat(e.code().statusCode()).isEqualTo(409);
                    assertThat(e.code().apiCode()).isEqualTo(40903);
                });
        assertThat(attempts).hasValue(3);
    }
}

package dev.authz.command.consistency;

import dev.authz.api.error.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code authz_commands_total{command, outcome, error}}: every command dispatched, by its type; outcome
 * {@code success} or {@code failure}, error the {@code ErrorCode} of a refused command ({@code none} on success,
 * {@code UNEXPECTED} for anything that is not a business error). A bounded set of tag values: command record names
 * and error codes.
 */
@Component
public class CommandMetrics {
    private static final String NAME = "authz.commands";
    private final MeterRegistry registry;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void succeeded(Object command) {
        count(command, "success", "none");
    }

    void failed(Object command, RuntimeException error) {
        count(command, "failure", error instanceof ApiException api ? api.code().name() : "UNEXPECTED");
    }

    private void count(Object command, String outcome, String error) {
        Counter.builder(NAME).description("Commands dispatched, by type and outcome")
                .tag("command", command.getClass().getSimpleName()).tag("outcome", outcome).tag("error", error)
                .register(registry).increment();
    }
}

package dev.authz.command.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.lang.reflect.Executable;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The state of the one aggregate a command acts on, as JSON, before and after the command. Aggregates are
 * small and Jackson-serializable (their snapshots are JSON too). Loading goes through the aggregate's
 * repository inside the command's unit of work, which keeps the loaded aggregate for the handler: the
 * "before" costs no second read. Commands handled outside an aggregate (batches) have no single target.
 */
@Component
class AggregateStates {
    private static final Logger log = LoggerFactory.getLogger(AggregateStates.class);

    /** How an aggregate handles a command: on an existing instance, or by creating one. */
    private record Handling(Repository<?> repository, boolean creates) {
    }

    private final ObjectProvider<Configuration> axon;
    private final ObjectMapper json;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();
    private volatile Map<Class<?>, Handling> byCommand;

    AggregateStates(ObjectProvider<Configuration> axon, ObjectMapper json) {
        this.axon = axon;
        this.json = json;
    }

    /** The aggregate the command is handled by, or null when an aggregate does not handle it directly. */
    Target targetOf(CommandMessage<?> command) {
        Handling handling = handlings().get(command.getPayloadType());
        if (handling == null) {
            return null;
        }
        try {
            return new Target(targets.resolveTarget(command).getIdentifier(), handling);
        } catch (IllegalArgumentException e) {
            return null; // a creation command that names no identifier: its events tell what it did
        }
    }

    /** One aggregate in the current unit of work. */
    final class Target {
        private final String id;
        private final Handling handling;

        private Target(String id, Handling handling) {
            this.id = id;
            this.handling = handling;
        }

        /** Null for a creation, or when the aggregate cannot be loaded (the handler will say why). */
        String before() {
            if (handling.creates()) {
                return null;
            }
            try {
                return state(handling.repository().load(id));
            } catch (AggregateNotFoundException e) {
                return null;
            }
        }

        /** Null when the command deleted the aggregate. */
        String after() {
            try {
                Aggregate<?> aggregate = handling.repository().load(id);
                return aggregate.isDeleted() ? null : state(aggregate);
            } catch (AggregateNotFoundException e) {
                return null;
            }
        }
    }

    private String state(Aggregate<?> aggregate) {
        Object root = aggregate.invoke(r -> r);
        try {
            return json.writeValueAsString(root);
        } catch (Exception e) {
            // An audit entry without a value is better than a refused write.
            log.warn("Cannot serialize {} {} for the audit log: {}", root.getClass().getSimpleName(),
                    aggregate.identifierAsString(), e.toString());
            return null;
        }
    }

    private Map<Class<?>, Handling> handlings() {
        Map<Class<?>, Handling> known = byCommand;
        if (known == null) {
            known = scan(axon.getObject());
            byCommand = known;
        }
        return known;
    }

    /** Built on first use: the aggregates are configured once Axon's configuration is complete. */
    private static Map<Class<?>, Handling> scan(Configuration configuration) {
        Map<Class<?>, Handling> known = new HashMap<>();
        for (AggregateConfiguration<?> aggregate : configuration.findModules(AggregateConfiguration.class)) {
            Class<?> type = aggregate.aggregateType();
            Repository<?> repository = aggregate.repository();
            Stream.<Executable>concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                    .filter(handler -> handler.isAnnotationPresent(CommandHandler.class)
                            && handler.getParameterCount() > 0)
                    .forEach(handler -> putHandling(known, handler, repository));
        }
        return known;
    }

    private static void putHandling(Map<Class<?>, Handling> known, Executable handler, Repository<?> repository) {
        known.put(handler.getParameterTypes()[0],
                new Handling(repository, handler instanceof java.lang.reflect.Constructor<?>));
    }
}

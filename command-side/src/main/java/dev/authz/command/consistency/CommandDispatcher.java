package dev.authz.command.consistency;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.MetadataKeys;
import dev.authz.api.web.Headers;
import dev.authz.command.consistency.AppendedEvents.Appended;
import dev.authz.kit.web.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a web request becomes a command: tagged with who sent it (the metadata every stored event keeps),
 * retried when another instance appended to the same aggregate first, and answered only once the query
 * side shows the result (read-your-writes), unless the caller opted out with {@code x-authz-wait: false}.
 */
@Component
public class CommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final int ATTEMPTS = 3;

    private final CommandGateway commands;
    private final ReadModelWaiter readModel;
    private final CommandMetrics metrics;

    public CommandDispatcher(CommandGateway commands, ReadModelWaiter readModel, CommandMetrics metrics) {
        this.commands = commands;
        this.readModel = readModel;
        this.metrics = metrics;
    }

    /** The handler's result and the events the command appended. */
    public record Result<R>(R value, List<Appended> events) {
        public Instant timestampOf(String aggregateId) {
            return events.stream().filter(e -> e.aggregateId().equals(aggregateId))
                    .map(Appended::timestamp).findFirst().orElseGet(Instant::now);
        }
    }

    /**
     * @param whenMissing the error for a command whose aggregate disappeared between lookup and handling
     */
    public <R> Result<R> send(Object command, ErrorCode whenMissing) {
        try {
            Result<R> result = sendWithRetries(command, whenMissing);
            metrics.succeeded(command);
            return result;
        } catch (RuntimeException e) {
            metrics.failed(command, e);
            throw e;
        }
    }

    private <R> Result<R> sendWithRetries(Object command, ErrorCode whenMissing) {
        RequestContext context = RequestContext.current();
        for (int attempt = 1; ; attempt++) {
            AppendedEvents.begin();
            try {
                R value = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(metadata(context, command)));
                Result<R> result = new Result<>(value, AppendedEvents.end());
                awaitReadModel(result.events());
                return result;
            } catch (ConcurrencyException e) {
                AppendedEvents.end();
                if (attempt == ATTEMPTS) {
                    throw new ApiException(ErrorCode.CONCURRENT_MODIFICATION, null, e.getMessage());
                }
                log.debug("Retrying {} after a concurrent append: {}", command.getClass().getSimpleName(),
                        e.getMessage());
            } catch (AggregateNotFoundException e) { // includes AggregateDeletedException
                AppendedEvents.end();
                throw new ApiException(whenMissing);
            } catch (RuntimeException e) {
                AppendedEvents.end();
                throw e;
            }
        }
    }

    private void awaitReadModel(List<Appended> events) {
        ServletRequestAttributes attributes = (ServletRequestAttributes) RequestContextHolder.getRequestAttributes();
        HttpServletRequest request = attributes == null ? null : attributes.getRequest();
        HttpServletResponse response = attributes == null ? null : attributes.getResponse();
        String consistency;
        if (request != null && "false".equalsIgnoreCase(request.getHeader(Headers.WAIT_FOR_READ_MODEL))) {
            consistency = "skipped";
        } else {
            consistency = readModel.awaitApplied(events) ? "applied" : "pending";
        }
        if (response != null) {
            response.setHeader(Headers.CONSISTENCY, consistency);
        }
    }

    private static Map<String, String> metadata(RequestContext context, Object command) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(MetadataKeys.POOL_ID, context.poolId());
        metadata.put(MetadataKeys.ACCESS_KEY_ID, context.poolId());
        metadata.put(MetadataKeys.REQUEST_ID, context.requestId());
        metadata.put(MetadataKeys.OPERATION, command.getClass().getSimpleName());
        if (context.clientIp() != null) {
            metadata.put(MetadataKeys.CLIENT_IP, context.clientIp());
        }
        if (context.userAgent() != null) {
            metadata.put(MetadataKeys.USER_AGENT, context.userAgent());
        }
        return metadata;
    }
}

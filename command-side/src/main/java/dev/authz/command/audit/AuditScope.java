package dev.authz.command.audit;

import dev.authz.command.Ids;
import dev.authz.kit.web.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Optional;

/**
 * The audit entry of one write request: its id, fixed when first asked for (a command retried after a
 * concurrency conflict keeps it), and whether a committed unit of work has recorded it. Only signed POST
 * requests that reached a write endpoint have one: an unknown path or a bad signature is not a write.
 */
final class AuditScope {
    private static final String ATTRIBUTE = AuditScope.class.getName();

    private final String entryId = Ids.newId();
    private final String operation;
    private final RequestContext context;
    private final HttpServletRequest request;
    private volatile boolean recorded;

    private AuditScope(String operation, RequestContext context, HttpServletRequest request) {
        this.operation = operation;
        this.context = context;
        this.request = request;
    }

    /** The scope of the write request handled on this thread, if any. */
    static Optional<AuditScope> current() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return Optional.empty();
        }
        HttpServletRequest request = attributes.getRequest();
        if (request.getAttribute(ATTRIBUTE) instanceof AuditScope scope) {
            return Optional.of(scope);
        }
        RequestContext context = RequestContext.of(request);
        if (context == null || !"POST".equals(request.getMethod())
                || !(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod)) {
            return Optional.empty();
        }
        String path = request.getRequestURI();
        AuditScope scope = new AuditScope(path.substring(path.lastIndexOf('/') + 1), context, request);
        request.setAttribute(ATTRIBUTE, scope);
        return Optional.of(scope);
    }

    String entryId() {
        return entryId;
    }

    /** The endpoint's name, e.g. {@code create-group}. */
    String operation() {
        return operation;
    }

    RequestContext context() {
        return context;
    }

    HttpServletRequest request() {
        return request;
    }

    boolean recorded() {
        return recorded;
    }

    void markRecorded() {
        recorded = true;
    }
}

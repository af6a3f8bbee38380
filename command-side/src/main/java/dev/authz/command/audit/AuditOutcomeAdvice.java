package dev.authz.command.audit;

import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.util.List;

/**
 * The audit entries that no committed unit of work recorded, written just before the response envelope:
 * a rejected write ({@code success: false}, with the apiCode and the message the client gets) and an
 * accepted write that needed no command at all (deleting codes that do not exist). Each is appended in a
 * transaction of its own: a rejected write's own transaction has already been rolled back.
 *
 * <p>A write whose command committed keeps its entry even if something after the commit fails: its change
 * is stored, so it is an accepted write.
 *
 * <p>A 503 ("retry": the event store could not be reached) gets no entry: the store that would hold it is what
 * failed, and trying anyway would hold the answer for another connection timeout, past the SDK's own. Whether such
 * a write happened (a connection cut during its commit) is answered by its own entry, written with its events.
 */
@RestControllerAdvice
class AuditOutcomeAdvice implements ResponseBodyAdvice<Object> {
    private static final Logger log = LoggerFactory.getLogger(AuditOutcomeAdvice.class);

    private final AuditEntries entries;

    AuditOutcomeAdvice(AuditEntries entries) {
        this.entries = entries;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ApiResponse<?> envelope && !unavailable(envelope)) {
            AuditScope.current().filter(scope -> !scope.recorded()).ifPresent(scope -> record(scope, envelope));
        }
        return body;
    }

    private static boolean unavailable(ApiResponse<?> envelope) {
        return envelope.apiCode() != null && envelope.apiCode() == ErrorCode.UNAVAILABLE.apiCode();
    }

    private void record(AuditScope scope, ApiResponse<?> envelope) {
        boolean success = envelope.statusCode() == 200;
        String reason = success ? null
                : envelope.detail() == null ? envelope.message() : envelope.message() + " (" + envelope.detail() + ")";
        try {
            entries.append(entries.entry(scope, AuditedOperations.of(scope.operation()).resolve(false), success,
                    envelope.apiCode(), reason, null, null, List.of()));
            scope.markRecorded();
        } catch (RuntimeException e) {
            // The answer stands (a rejected write stays rejected); the missing entry is an operations matter.
            log.error("Could not record the audit entry {} of {} {}", scope.entryId(), scope.operation(),
                    success ? "(no change)" : "(rejected: " + reason + ")", e);
        }
    }
}

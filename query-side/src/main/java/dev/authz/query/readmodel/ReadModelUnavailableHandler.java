package dev.authz.query.readmodel;

import com.mongodb.MongoException;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.kit.web.ApiExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A read while MongoDB is unreachable answers 503 with the envelope ("retry"), not the 500 of an unexpected
 * failure: the client did nothing wrong and the same request will work once the database is back. Ordered
 * before service-kit's catch-all handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ReadModelUnavailableHandler {
    private static final Logger log = LoggerFactory.getLogger(ReadModelUnavailableHandler.class);

    @ExceptionHandler(MongoException.class)
    public ResponseEntity<ApiResponse<Void>> readModelFailure(MongoException e, HttpServletRequest request) {
        if (MongoFailures.isTransient(e)) {
            log.warn("read model unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return ApiExceptionHandler.envelope(new ApiException(ErrorCode.UNAVAILABLE), request);
        }
        log.error("unexpected read-model failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ApiExceptionHandler.envelope(new ApiException(ErrorCode.INTERNAL_ERROR), request);
    }
}

package dev.authz.kit.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.InvalidPropertyException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns every failure into the SDK envelope; anything unexpected is logged and answered 500, never leaked. A
 * database that cannot be reached is not unexpected: 503, "retry" ({@link DatabaseOutage}).
 */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ApiResponse<Void>> apiError(ApiException e, HttpServletRequest request) {
        return envelope(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiResponse<Void>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            // Parsed JSON with a field of the wrong type or an unknown enum value: name the field.
            String field = topLevelField(mismatch);
            return envelope(ApiException.invalid(field, describe(mismatch)), request);
        }
        String detail = cause == null ? "empty body" : firstLine(cause.getMessage());
        return envelope(new ApiException(ErrorCode.MALFORMED_REQUEST, detail), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiResponse<Void>> wrongType(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return envelope(ApiException.invalid(e.getName(), "not a valid " + simpleType(e.getRequiredType())), request);
    }

    /**
     * A query parameter that binds into a parameter object by a name the object cannot take, such as
     * {@code aggregateId[$ne]=x} (read as an indexed property of a record component).
     */
    @ExceptionHandler(InvalidPropertyException.class)
    public ResponseEntity<ApiResponse<Void>> invalidProperty(InvalidPropertyException e, HttpServletRequest request) {
        String name = e.getPropertyName();
        int bracket = name.indexOf('[');
        return envelope(ApiException.invalid(bracket > 0 ? name.substring(0, bracket) : name, "not a valid parameter"),
                request);
    }

    /** Parameter-object binding failures (a value of the wrong type): name the first field. */
    @ExceptionHandler(BindException.class)
    public ResponseEntity<ApiResponse<Void>> bindFailure(BindException e, HttpServletRequest request) {
        String field = e.getFieldError() == null ? "query" : e.getFieldError().getField();
        return envelope(ApiException.invalid(field, "not a valid value"), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ApiResponse<Void>> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return envelope(ApiException.invalid(e.getParameterName(), "required"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiResponse<Void>> mediaType(HttpServletRequest request) {
        return envelope(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ApiResponse<Void>> method(HttpServletRequest request) {
        return envelope(new ApiException(ErrorCode.METHOD_NOT_ALLOWED), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ApiResponse<Void>> noSuchEndpoint(HttpServletRequest request) {
        return envelope(new ApiException(ErrorCode.NOT_FOUND, request.getRequestURI()), request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ApiResponse<Void>> unexpected(Exception e, HttpServletRequest request) {
        Optional<SQLException> outage = DatabaseOutage.find(e);
        if (outage.isPresent()) {
            log.warn("database unavailable on {} {}, answering 503: {}", request.getMethod(), request.getRequestURI(),
                    outage.get().toString());
            return envelope(new ApiException(ErrorCode.UNAVAILABLE), request);
        }
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return envelope(new ApiException(ErrorCode.INTERNAL_ERROR), request);
    }

    public static ResponseEntity<ApiResponse<Void>> envelope(ApiException e, HttpServletRequest request) {
        return ResponseEntity.status(e.code().httpStatus())
                .body(ApiResponse.error(e, RequestIds.lang(request), RequestIds.of(request)));
    }

    private static String topLevelField(JsonMappingException e) {
        JsonMappingException.Reference first = e.getPath().get(0);
        return first.getFieldName() != null ? first.getFieldName() : "body";
    }

    private static String describe(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path + ": expected " + simpleType(e.getTargetType());
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder("one of");
            for (Object constant : type.getEnumConstants()) {
                values.append(' ').append(constant);
            }
            return values.toString();
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable body";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}

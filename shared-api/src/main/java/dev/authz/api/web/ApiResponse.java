package dev.authz.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;

/**
 * The SDK's response envelope: {statusCode, message, apiCode, requestId, data}. Errors may add
 * {@code detail} (which entry, why): the message itself stays exactly the text the SDK's specs match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(int statusCode, String message, Integer apiCode, String requestId, String detail,
                             T data) {

    /** Success carries an empty message and no apiCode: the SDK's own specs assert {@code message === ""}. */
    public static <T> ApiResponse<T> ok(T data, String lang, String requestId) {
        return new ApiResponse<>(200, "", null, requestId, null, data);
    }

    public static <T> ApiResponse<T> error(ErrorCode code, String argument, String lang, String requestId) {
        return new ApiResponse<>(code.statusCode(), code.message(lang, argument), code.apiCode(), requestId,
                null, null);
    }

    public static <T> ApiResponse<T> error(ApiException e, String lang, String requestId) {
        return new ApiResponse<>(e.code().statusCode(), e.code().message(lang, e.argument()), e.code().apiCode(),
                requestId, e.detail(), null);
    }
}

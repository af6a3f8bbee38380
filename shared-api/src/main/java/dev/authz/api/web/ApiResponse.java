package dev.authz.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;

/** The SDK's response envelope: {statusCode, message, apiCode, requestId, data}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(int statusCode, String message, Integer apiCode, String requestId, T data) {

    public static final int SUCCESS_API_CODE = 20001;

    public static <T> ApiResponse<T> ok(T data, String lang, String requestId) {
        String message = lang != null && lang.toLowerCase().startsWith("en") ? "Success" : "操作成功";
        return new ApiResponse<>(200, message, SUCCESS_API_CODE, requestId, data);
    }

    public static <T> ApiResponse<T> error(ErrorCode code, String argument, String lang, String requestId) {
        return new ApiResponse<>(code.statusCode(), code.message(lang, argument), code.apiCode(), requestId, null);
    }

    public static <T> ApiResponse<T> error(ApiException e, String lang, String requestId) {
        return new ApiResponse<>(e.code().statusCode(), e.message(lang), e.code().apiCode(), requestId, null);
    }
}

package dev.authz.kit.web;

import dev.authz.api.web.ApiResponse;

/** Success envelopes in the caller's language with its request id. */
public final class Responses {
    private Responses() {
    }

    public static <T> ApiResponse<T> ok(T data) {
        RequestContext context = RequestContext.current();
        return ApiResponse.ok(data, context.lang(), context.requestId());
    }
}

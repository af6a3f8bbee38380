package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.kit.web.Params;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * The query parameters every history and as-of lookup by code shares. Bound from the query string as text and
 * checked here, so a bad number is the usual "参数 page 格式错误" envelope, never a binding failure.
 */
record HistoryParams(
        @Parameter(description = "When several entities held the code over time: which one (an id from holders); "
                + "default the most recent holder") String aggregateId,
        @Parameter(description = "Page number, from 1") String page,
        @Parameter(description = "Page size, at most 50; default 10") String limit) {

    int pageNumber() {
        return Params.page(number("page", page));
    }

    int pageSize() {
        return Params.limit(number("limit", limit));
    }

    private static Integer number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "not a valid number");
        }
    }
}

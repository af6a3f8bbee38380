package dev.authz.kit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.error.ApiException;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Headers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes an error envelope from a servlet filter, where no controller advice applies. */
public final class EnvelopeWriter {
    private final ObjectMapper mapper;

    public EnvelopeWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, int httpStatus, ApiException error)
            throws IOException {
        String requestId = RequestIds.of(request);
        response.setStatus(httpStatus);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader(Headers.REQUEST_ID, requestId);
        mapper.writeValue(response.getOutputStream(), ApiResponse.error(error, RequestIds.lang(request), requestId));
    }
}

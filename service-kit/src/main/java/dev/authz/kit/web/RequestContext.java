package dev.authz.kit.web;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who is calling and how: set by {@link dev.authz.kit.security.SignedRequestFilter} after the signature is
 * verified. {@code poolId} scopes every read and write.
 */
public record RequestContext(String poolId, String requestId, String lang, String clientIp, String userAgent) {

    private static final String ATTRIBUTE = RequestContext.class.getName();

    public void bindTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public static RequestContext of(HttpServletRequest request) {
        return (RequestContext) request.getAttribute(ATTRIBUTE);
    }

    /** The context of the request being handled on this thread; fails loudly outside a signed request. */
    public static RequestContext current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object context = attributes == null ? null
                : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (context == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "no signed request");
        }
        return (RequestContext) context;
    }
}

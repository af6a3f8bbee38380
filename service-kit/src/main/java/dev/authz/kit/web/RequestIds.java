package dev.authz.kit.web;

import dev.authz.api.web.Headers;
import dev.authz.api.web.RequestId;
import jakarta.servlet.http.HttpServletRequest;

/** Request ids: the client's (usually the gateway's) when it is a sane token, otherwise a fresh one. */
public final class RequestIds {
    private static final String ATTRIBUTE = RequestIds.class.getName();

    private RequestIds() {
    }

    /** The request id of this request, assigned once. */
    public static String of(HttpServletRequest request) {
        Object existing = request.getAttribute(ATTRIBUTE);
        if (existing != null) {
            return (String) existing;
        }
        String id = RequestId.acceptOrNew(request.getHeader(Headers.REQUEST_ID));
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    public static String lang(HttpServletRequest request) {
        String lang = request.getHeader(Headers.LANG);
        return lang == null ? "zh-CN" : lang;
    }
}

package dev.authz.kit.web;

import dev.authz.api.web.Headers;
import jakarta.servlet.http.HttpServletRequest;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: the client's when it is a sane token, otherwise a fresh one. */
public final class RequestIds {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String ATTRIBUTE = RequestIds.class.getName();

    private RequestIds() {
    }

    /** The request id of this request, assigned once. */
    public static String of(HttpServletRequest request) {
        Object existing = request.getAttribute(ATTRIBUTE);
        if (existing != null) {
            return (String) existing;
        }
        String given = request.getHeader(Headers.REQUEST_ID);
        String id = given != null && SANE.matcher(given).matches()
                ? given : UUID.randomUUID().toString().replace("-", "");
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    public static String lang(HttpServletRequest request) {
        String lang = request.getHeader(Headers.LANG);
        return lang == null ? "zh-CN" : lang;
    }
}

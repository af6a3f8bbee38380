package dev.authz.query.audit;

import dev.authz.api.web.AdminAuditLogDto.ParsedUserAgent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small User-Agent reader for the audit log's {@code ua}: the browser or client name, the operating system
 * and the kind of device. Management API callers are mostly SDKs and scripts ({@code axios/1.6.8},
 * {@code Java-http-client/17}): for those the name is the first product token and the device {@code other}.
 */
final class UserAgents {
    /** Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari". */
    private static final Map<String, String> BROWSERS = orderedMap(
            "Edg/", "Edge", "OPR/", "Opera", "Firefox/", "Firefox", "Chrome/", "Chrome", "Safari/", "Safari",
            "MSIE ", "IE", "Trident/", "IE");
    private static final Map<String, String> SYSTEMS = orderedMap(
            "Windows", "Windows", "Android", "Android", "iPhone", "iOS", "iPad", "iOS", "Mac OS X", "macOS",
            "Macintosh", "macOS", "CrOS", "Chrome OS", "Linux", "Linux");
    private static final Pattern FIRST_PRODUCT = Pattern.compile("^\\s*([^/\\s;()]+)");

    private UserAgents() {
    }

    static ParsedUserAgent parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new ParsedUserAgent("", "", "");
        }
        String os = firstContained(userAgent, SYSTEMS);
        String browser = firstContained(userAgent, BROWSERS);
        String name = browser;
        if (name.isEmpty()) {
            Matcher product = FIRST_PRODUCT.matcher(userAgent);
            name = product.find() ? product.group(1) : "";
        }
        return new ParsedUserAgent(device(userAgent, os, !browser.isEmpty()), name, os);
    }

    private static String device(String userAgent, String os, boolean browser) {
        if (userAgent.contains("iPad") || userAgent.contains("Tablet")) {
            return "tablet";
        }
        if (userAgent.contains("Mobile") || "iOS".equals(os) || "Android".equals(os)) {
            return "mobile";
        }
        return browser || !os.isEmpty() ? "desktop" : "other";
    }

    private static String firstContained(String userAgent, Map<String, String> tokens) {
        return tokens.entrySet().stream().filter(token -> userAgent.contains(token.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}

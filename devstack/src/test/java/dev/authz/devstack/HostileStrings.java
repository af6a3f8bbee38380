package dev.authz.devstack;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Hostile values and the raw JSON and URL text that carries them, including text no JSON library would write. */
final class HostileStrings {
    /** Each is an invalid code or id (a character outside [A-Za-z0-9_\-:.], or a bad first character). */
    static final List<String> CODE_INJECTIONS = List.of(
            "{\"$gt\":\"\"}", "$where", "$ne", "a.*", ".*", "^(a+)+$", "[a-z]+", "' OR '1'='1",
            "1; DROP TABLE groups;--", "../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2fadmin",
            "a\r\nSet-Cookie: injected=1", "a\r\nX-Injected: 1", "\u202Egroup", "grp\uD83D\uDE00", "ｇｒｏｕｐ",
            "a b", " ", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "a\u0000b", "__proto__[x]",
            "a/b", "a?b=c", "a#b", "g\u0301");
    /** Strings that are not codes and match nothing a search could legitimately find in the fixture. */
    static final List<String> SEARCH_INJECTIONS = List.of(
            "{\"$gt\":\"\"}", "$where", "'; return true; var x='", ".*", "^", "(a+)+$", "[", "\\", "%", "_",
            "' OR '1'='1", "../../etc/passwd", "a\r\nX-Injected: 1", "\u202E", "\uD83D\uDE00\uD83D\uDE00");
    /** Valid free text of the kind that breaks naive code: right-to-left marks, 4-byte emoji, combining marks. */
    static final List<String> ODD_BUT_VALID_TEXT = List.of("\u202Eevil\u202C", "\uD83D\uDE00\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",
            "e\u0301\u0301\u0301", "\uFEFFbom", "zero\u200Bwidth");
    static final String HUGE = "a".repeat(100_000);
    static final String CONTROL = "ab\u0000cd\u0007";

    private HostileStrings() {
    }

    /**
     * A JSON string literal of {@code value}: UTF-8 as is, control characters escaped, and unpaired surrogates
     * escaped as {@code \\uD800} (which Jackson would refuse to write).
     */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !paired && !isLowOfPair(value, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean isLowOfPair(String value, int i) {
        return Character.isLowSurrogate(value.charAt(i)) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    /** {@code depth} nested arrays around a value. */
    static String deepArray(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    /** {@code depth} nested objects. */
    static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** A JSON array of {@code count} copies of {@code element}. */
    static String repeatedArray(String element, int count) {
        StringBuilder out = new StringBuilder(count * (element.length() + 1) + 2).append('[');
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(element);
        }
        return out.append(']').toString();
    }

    /** Percent-encodes every byte of the UTF-8 form that is not unreserved (so nothing is left to a URI parser). */
    static String urlEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(value)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** UTF-8, but an unpaired surrogate becomes its 3-byte CESU form (invalid UTF-8) instead of '?'. */
    static byte[] utf8(String value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.writeBytes(value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}

package dev.authz.kit.web;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parameter rules shared by every endpoint. A failed rule answers "参数 &lt;name&gt; 格式错误" (the text the
 * SDK's specs expect) with a detail saying why, before anything is written.
 */
public final class Params {
    public static final int MAX_CODE_LENGTH = 64;
    public static final int MAX_TEXT_LENGTH = 1024;
    public static final int MAX_LIMIT = 50;
    public static final int DEFAULT_LIMIT = 10;
    /** Longest list accepted in one request (members to add, groups to create, ids to fetch...). */
    public static final int MAX_BATCH = 100;

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-:.]*");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private Params() {
    }

    /** A code: letters, digits, _ - : . (not first), 1 to 64 characters. */
    public static String code(String name, String value) {
        String text = required(name, value);
        if (text.length() > MAX_CODE_LENGTH) {
            throw ApiException.invalid(name, "longer than " + MAX_CODE_LENGTH + " characters");
        }
        if (!CODE.matcher(text).matches()) {
            throw ApiException.invalid(name, "only letters, digits, _ - : . allowed");
        }
        return text;
    }

    /**
     * The code of a namespace, role, resource or organization, checked the way the SDK's specs expect: empty
     * or longer than 64 characters is "参数 {name} 格式错误"; illegal characters (a space, "额!") are
     * "invalid {kind} code: {value}".
     */
    public static String kindCode(String kind, String name, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_CODE_LENGTH) {
            throw ApiException.invalid(name, value == null || value.isEmpty() ? "required"
                    : "longer than " + MAX_CODE_LENGTH + " characters");
        }
        if (!CODE.matcher(value).matches()) {
            throw new ApiException(ErrorCode.INVALID_CODE, kind + " code: " + value);
        }
        return value;
    }

    /** An entity id as this server issues them. */
    public static String id(String name, String value) {
        String text = required(name, value);
        if (!ID.matcher(text).matches()) {
            throw ApiException.invalid(name, "not a valid id");
        }
        return text;
    }

    public static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(name, "required");
        }
        return text(name, value);
    }

    /**
     * Optional free text: null stays null; control characters other than tab/newline are refused, and so are
     * unpaired surrogates ("\ud800" in JSON): they are not Unicode text, and no UTF-8 store or reader can keep them.
     */
    public static String text(String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw ApiException.invalid(name, "longer than " + MAX_TEXT_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                throw ApiException.invalid(name, "contains control characters");
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    throw ApiException.invalid(name, "contains an unpaired surrogate");
                }
                i++; // the low half of a pair
            }
        }
        return value;
    }

    public static int page(Integer page) {
        if (page == null) {
            return 1;
        }
        if (page < 1 || page > 1_000_000) {
            throw ApiException.invalid("page", "must be between 1 and 1000000");
        }
        return page;
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** A non-empty list of at most {@link #MAX_BATCH} distinct ids, in the order given. */
    public static List<String> ids(String name, Collection<String> values) {
        List<String> checked = list(name, values);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String value : checked) {
            distinct.add(id(name, value));
        }
        return new ArrayList<>(distinct);
    }

    /** A non-empty list of at most {@link #MAX_BATCH} codes, in the order given. */
    public static List<String> codes(String name, Collection<String> values) {
        List<String> checked = list(name, values);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String value : checked) {
            distinct.add(code(name, value));
        }
        return new ArrayList<>(distinct);
    }

    public static <T> List<T> list(String name, Collection<T> values) {
        if (values == null || values.isEmpty()) {
            throw ApiException.invalid(name, "must not be empty");
        }
        if (values.size() > MAX_BATCH) {
            throw ApiException.invalid(name, "at most " + MAX_BATCH + " entries");
        }
        for (T value : values) {
            if (value == null) {
                throw ApiException.invalid(name, "contains null");
            }
        }
        return List.copyOf(values);
    }

    /**
     * Runs a check on each entry of a batch and reports a failure under the list's name, saying which entry:
     * the SDK's specs expect "参数 list 格式错误" for a bad entry of create-groups-batch.
     */
    public static <T> void eachEntry(String listName, List<T> entries, java.util.function.Consumer<T> check) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                check.accept(entries.get(i));
            } catch (ApiException e) {
                throw ApiException.invalid(listName, listName + "[" + i + "]." + e.argument()
                        + (e.detail() == null ? "" : ": " + e.detail()));
            }
        }
    }
}

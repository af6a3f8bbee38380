package dev.authz.query.readmodel;

import dev.authz.kit.web.Params;

import java.util.regex.Pattern;

/** Free-text search of the read models: "contains, ignoring case", the same on MongoDB and the Mongo-wire server. */
public final class Search {
    private Search() {
    }

    /**
     * The pattern for a user's search text, checked as any free text is (at most 1,024 characters, no control
     * characters): a 100,000-character keyword is a 400, not a scan of every document with it.
     */
    public static Pattern contains(String name, String text) {
        return Pattern.compile(Pattern.quote(Params.text(name, text).trim()), Pattern.CASE_INSENSITIVE);
    }

    /** True when a search text was given at all (null and blank mean "no filter"). */
    public static boolean given(String text) {
        return text != null && !text.isBlank();
    }
}

package dev.authz.kit.web;

/**
 * Text no store or strict JSON reader can keep: a NUL character (PostgreSQL text and jsonb refuse it) or an unpaired
 * surrogate (not Unicode). Requests holding such text are refused ({@link UnstorableTextGuard}); where the text
 * must still be recorded (the audit entry of that refusal) it is replaced.
 */
public final class StorableText {
    private static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    public static boolean isStorable(String text) {
        return nextUnstorable(text, 0) < 0;
    }

    /** The text with every NUL and unpaired surrogate replaced by U+FFFD; the same instance when there is none. */
    public static String replacingUnstorable(String text) {
        if (text == null) {
            return null;
        }
        int bad = nextUnstorable(text, 0);
        if (bad < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (; bad >= 0; bad = nextUnstorable(text, from)) {
            out.append(text, from, bad).append(REPLACEMENT);
            from = bad + 1;
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The index of the first NUL or unpaired surrogate at or after {@code from}, or -1. */
    private static int nextUnstorable(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}

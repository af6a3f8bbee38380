package dev.authz.command;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** Entity ids shaped like Authing's: 24 hex digits, a seconds timestamp then 8 random bytes. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return String.format("%08x", Instant.now().getEpochSecond()) + HexFormat.of().formatHex(random);
    }
}

package dev.authz.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The development user pool: what the SDK calls accessKeyId (the pool id) and accessKeySecret.
 *
 * @param poolId the first pool's id, shown to the developer
 * @param secret the first pool's secret
 * @param userPools every pool, as the services read it from {@code AUTHZ_USER_POOLS} ({@code id:secret,id2:secret2})
 */
public record DevPool(String poolId, String secret, String userPools) {

    static final String FILE_NAME = "dev-pool.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code AUTHZ_USER_POOLS} as given when it is set; otherwise the pool kept in the data dir (created once). */
    public static DevPool resolve(String userPoolsFromEnvironment, Path dataDir) {
        if (userPoolsFromEnvironment != null && !userPoolsFromEnvironment.isBlank()) {
            return parse(userPoolsFromEnvironment.trim());
        }
        return loadOrCreate(dataDir);
    }

    /** The pool saved in {@code <dataDir>/dev-pool.properties}, generated and saved there on first use. */
    public static DevPool loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                Properties saved = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    saved.load(in);
                }
                return of(saved.getProperty("poolId"), saved.getProperty("secret"));
            }
            // Shaped like the real thing: a MongoDB ObjectId and a random url-safe secret.
            DevPool pool = of(HexFormat.of().formatHex(randomBytes(12)),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)));
            Properties toSave = new Properties();
            toSave.setProperty("poolId", pool.poolId());
            toSave.setProperty("secret", pool.secret());
            Files.createDirectories(dataDir);
            StringWriter content = new StringWriter();
            toSave.store(content, "development user pool: accessKeyId (poolId) and accessKeySecret (secret)");
            // The secret signs every request to this system: readable by its owner only.
            OwnerOnlyFile.write(file, content.toString());
            return pool;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write " + file, e);
        }
    }

    static DevPool parse(String userPools) {
        String first = userPools.split(",")[0].trim();
        int colon = first.indexOf(':');
        if (colon <= 0 || colon == first.length() - 1) {
            throw new IllegalArgumentException("AUTHZ_USER_POOLS must be poolId:secret[,poolId:secret...], got '" + first + "'");
        }
        return new DevPool(first.substring(0, colon), first.substring(colon + 1), userPools);
    }

    private static DevPool of(String poolId, String secret) {
        return new DevPool(poolId, secret, poolId + ":" + secret);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

package dev.authz.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code <dataDir>/devstack.properties} while a local system runs: where its services listen and their internal
 * token, for tools that drive it from another process ({@code devstack.jar rebuild}, the bench). Readable by its
 * owner only: the token opens the {@code /internal/} endpoints. Deleted when the system stops.
 */
public record RunningSystem(String gatewayUrl, String commandSideUrl, String querySideUrl, String internalToken) {
    static final String FILE_NAME = "devstack.properties";

    static void write(Path dataDir, LocalSystem system) {
        Properties properties = new Properties();
        properties.setProperty("gatewayUrl", system.gatewayUrl());
        properties.setProperty("commandSideUrl", system.commandSide().url());
        properties.setProperty("querySideUrl", system.querySide().url());
        properties.setProperty("internalToken", system.internalToken());
        StringWriter content = new StringWriter();
        try {
            properties.store(content, "the running devstack (deleted when it stops)");
        } catch (IOException cannotHappen) { // a StringWriter does not fail
            throw new UncheckedIOException(cannotHappen);
        }
        OwnerOnlyFile.write(dataDir.resolve(FILE_NAME), content.toString());
    }

    static void forget(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE_NAME));
        } catch (IOException e) {
            // it only describes a system that is stopping
        }
    }

    /** The system running on this data dir, or an explanation of why there is none. */
    public static RunningSystem read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no devstack is running on " + dataDir.toAbsolutePath() + " (no " + FILE_NAME
                    + "); start it with java -jar devstack/target/devstack.jar, or give --url and --token");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return new RunningSystem(properties.getProperty("gatewayUrl"), properties.getProperty("commandSideUrl"),
                properties.getProperty("querySideUrl"), properties.getProperty("internalToken"));
    }
}

package dev.authz.examples.accesscache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Where the checkpoint lives between runs. */
interface CheckpointStore {
    /** The saved checkpoint, or a fresh one (read from the beginning) when nothing was saved yet. */
    Checkpoint load(String topic);

    /** Replaces the saved checkpoint as one atomic step: after a crash, either the old one or the new one is there. */
    void save(Checkpoint checkpoint);

    /** One JSON file, replaced by write-to-temp, fsync, atomic rename, fsync of the directory. */
    static CheckpointStore file(Path path) {
        return new CheckpointStore() {
            @Override
            public Checkpoint load(String topic) {
                if (!Files.exists(path)) {
                    return new Checkpoint(topic);
                }
                try {
                    Checkpoint checkpoint = Checkpoint.fromJson(Files.readAllBytes(path));
                    if (!topic.equals(checkpoint.topic)) {
                        throw new IllegalStateException(path + " holds the state of topic " + checkpoint.topic
                                + ", not " + topic + ": use another --state-file");
                    }
                    return checkpoint;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + path, e);
                }
            }

            @Override
            public void save(Checkpoint checkpoint) {
                Path temp = path.resolveSibling(path.getFileName() + ".tmp");
                try {
                    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                        ByteBuffer bytes = ByteBuffer.wrap(checkpoint.toJson());
                        while (bytes.hasRemaining()) {
                            out.write(bytes);
                        }
                        out.force(true);
                    }
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    try (FileChannel directory = FileChannel.open(path.toAbsolutePath().getParent(),
                            StandardOpenOption.READ)) {
                        directory.force(true);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + path, e);
                }
            }
        };
    }
}

package dev.authz.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPoolTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesAPoolOnceAndReusesIt() {
        DevPool first = DevPool.resolve(null, dataDir);

        assertThat(first.poolId()).matches("[0-9a-f]{24}");
        assertThat(first.secret()).matches("[A-Za-z0-9_-]{32}");
        assertThat(first.userPools()).isEqualTo(first.poolId() + ":" + first.secret());
        assertThat(DevPool.resolve("", dataDir)).isEqualTo(first);
    }

    @Test
    void keepsTheSecretReadableByItsOwnerOnly() throws Exception {
        DevPool.resolve(null, dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(DevPool.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void takesThePoolsFromTheEnvironmentAsTheyAre() {
        DevPool pool = DevPool.resolve("6512bd43d9caa6e02c990b0a:s3cret,c20ad4d76fe97759aa27a0c9:other", dataDir);

        assertThat(pool.poolId()).isEqualTo("6512bd43d9caa6e02c990b0a");
        assertThat(pool.secret()).isEqualTo("s3cret");
        assertThat(pool.userPools()).isEqualTo("6512bd43d9caa6e02c990b0a:s3cret,c20ad4d76fe97759aa27a0c9:other");
        assertThat(dataDir.resolve(DevPool.FILE_NAME)).doesNotExist();
    }

    @Test
    void refusesAMalformedPoolList() {
        assertThatThrownBy(() -> DevPool.resolve("no-secret-here", dataDir)).hasMessageContaining("poolId:secret");
    }
}

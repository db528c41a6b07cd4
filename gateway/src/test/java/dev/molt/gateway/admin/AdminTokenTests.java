package dev.molt.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokenTests {

    @TempDir
    Path dir;

    @Test
    void generatedTokenGoesToAnOwnerOnlyFileAndNeverToTheLog(CapturedOutput output) throws Exception {
        Path file = dir.resolve("state").resolve("admin-token");

        AdminToken token = new AdminToken(new AdminProperties(0, "127.0.0.1", "", file));

        assertThat(token.value()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(file)).isEqualTo(token.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(output.getAll()).contains(file.toString()).doesNotContain(token.value());
    }

    @Test
    void configuredTokenWritesNoFile() {
        Path file = dir.resolve("admin-token");

        AdminToken token = new AdminToken(new AdminProperties(0, "127.0.0.1", "configured-token", file));

        assertThat(token.value()).isEqualTo("configured-token");
        assertThat(file).doesNotExist();
    }
}

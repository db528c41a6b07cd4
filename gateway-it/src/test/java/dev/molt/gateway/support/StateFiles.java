package dev.molt.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a cutover state file, so a test can start the gateway at the stage it is about. */
public final class StateFiles {

    private StateFiles() {}

    public static Path atStage(Path dir, int stage) throws IOException {
        Path file = dir.resolve("cutover.json");
        Files.writeString(file, "{\"stage\":" + stage + ",\"history\":[]}");
        return file;
    }
}

package dev.molt.cutover.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Molt checkout: the nearest folder at or above the working directory that holds {@code mvnw}. */
public final class ProjectRoot {

    private ProjectRoot() {}

    public static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("molt"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run molt from the Molt checkout: no mvnw and molt above " + start);
    }
}

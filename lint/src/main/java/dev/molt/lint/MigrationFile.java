package dev.molt.lint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Flyway versioned migration, {@code V<version>__<description>.sql}. Versions compare as
 * Flyway compares them: part by part as numbers, trailing zero parts ignored ({@code 1.0} is
 * {@code 1}).
 */
public record MigrationFile(Path path, String version, List<BigInteger> versionParts, String description)
        implements Comparable<MigrationFile> {

    private static final Pattern NAME = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

    /** Reads a file's name; a name that is not a versioned migration is a usage error naming the file. */
    public static MigrationFile of(Path path) {
        Matcher matcher = NAME.matcher(path.getFileName().toString());
        if (!matcher.matches()) {
            throw new LintUsageException(path + " is not a Flyway migration: expected V<version>__<description>.sql"
                    + " (repeatable and undo migrations are not linted)");
        }
        String version = matcher.group(1).replace('_', '.');
        return new MigrationFile(path, version, parts(version), matcher.group(2).replace('_', ' '));
    }

    /**
     * Every migration in the directories, in version order. Hidden files ({@code .gitkeep}) are
     * skipped; any other file that is not a migration, and the same version twice, is a usage error.
     */
    public static List<MigrationFile> in(List<Path> directories) {
        List<MigrationFile> files = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                throw new LintUsageException("no such directory: " + directory);
            }
            try (Stream<Path> entries = Files.list(directory)) {
                entries.filter(Files::isRegularFile)
                        .filter(path -> !path.getFileName().toString().startsWith("."))
                        .map(MigrationFile::of)
                        .forEach(files::add);
            } catch (IOException e) {
                throw new LintUsageException("cannot read " + directory + ": " + e.getMessage(), e);
            }
        }
        files.sort(null);
        Map<List<BigInteger>, MigrationFile> seen = new HashMap<>();
        for (MigrationFile file : files) {
            MigrationFile earlier = seen.putIfAbsent(file.versionParts(), file);
            if (earlier != null) {
                throw new LintUsageException("two migrations with version " + file.version() + ": " + earlier.path()
                        + " and " + file.path());
            }
        }
        return files;
    }

    /** A version as Flyway's history table writes it, in the same normal form as a file's. */
    static List<BigInteger> parts(String version) {
        List<BigInteger> parts = new ArrayList<>(
                Arrays.stream(version.trim().split("[._]")).map(BigInteger::new).toList());
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return List.copyOf(parts);
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    @Override
    public int compareTo(MigrationFile other) {
        int common = Math.min(versionParts.size(), other.versionParts.size());
        for (int i = 0; i < common; i++) {
            int compared = versionParts.get(i).compareTo(other.versionParts.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(versionParts.size(), other.versionParts.size());
    }
}

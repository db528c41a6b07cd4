package dev.molt.cutover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The users, passwords and grants that a database's init SQL ({@code deploy/mysql/...}) creates. */
final class InitSql {

    private static final Pattern CREATE_USER =
            Pattern.compile("CREATE USER '(\\w+)'@'%' IDENTIFIED BY '([^']*)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern GRANT =
            Pattern.compile("GRANT (.+?) ON (\\S+) TO '(\\w+)'@'%'( WITH GRANT OPTION)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_DATABASE = Pattern.compile("CREATE DATABASE (\\w+)", Pattern.CASE_INSENSITIVE);

    /** What a user may do on one object ({@code *.*}, {@code schema.*} or {@code schema.table}); GRANT OPTION included. */
    record Grant(String on, Set<String> privileges) {}

    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, List<Grant>> grants = new LinkedHashMap<>();
    private final Set<String> databases = new LinkedHashSet<>();

    static InitSql read(Path directory) {
        InitSql sql = new InitSql();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                sql.parse(withoutComments(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + directory, e);
        }
        return sql;
    }

    private void parse(String text) {
        Matcher users = CREATE_USER.matcher(text);
        while (users.find()) {
            passwords.put(users.group(1), users.group(2));
        }
        Matcher granted = GRANT.matcher(text);
        while (granted.find()) {
            Set<String> privileges = new LinkedHashSet<>();
            Arrays.stream(granted.group(1).split(","))
                    .map(p -> p.trim().toUpperCase(Locale.ROOT))
                    .forEach(privileges::add);
            if (granted.group(4) != null) {
                privileges.add("GRANT OPTION");
            }
            grants.computeIfAbsent(granted.group(3), u -> new ArrayList<>())
                    .add(new Grant(granted.group(2), privileges));
        }
        Matcher created = CREATE_DATABASE.matcher(text);
        while (created.find()) {
            databases.add(created.group(1));
        }
    }

    private static String withoutComments(String text) {
        return text.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
    }

    Set<String> databases() {
        return databases;
    }

    String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new AssertionError("the init SQL creates no user " + user + "; it creates " + passwords.keySet());
        }
        return password;
    }

    List<Grant> grants(String user) {
        return grants.getOrDefault(user, List.of());
    }

    /** The privileges the user holds on {@code on}. */
    Set<String> privileges(String user, String on) {
        Set<String> result = new LinkedHashSet<>();
        grants(user).stream().filter(g -> g.on().equals(on)).forEach(g -> result.addAll(g.privileges()));
        return result;
    }
}

package dev.molt.cutover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** The parts of {@code docker-compose.yml} that must agree with the services' own configuration. */
final class ComposeFile {

    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeFile read(Path file) {
        try {
            return new ComposeFile(new Yaml().load(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    Set<String> serviceNames() {
        return map(root, "services").keySet();
    }

    Service service(String name) {
        Map<String, Object> services = map(root, "services");
        if (!services.containsKey(name)) {
            throw new AssertionError("docker-compose.yml has no service " + name + "; it has " + services.keySet());
        }
        return new Service(name, map(services, name));
    }

    Set<String> namedVolumes() {
        Object volumes = root.get("volumes");
        return volumes == null ? Set.of() : map(root, "volumes").keySet();
    }

    /** A port published on the host: {@code [address:]host:container}. */
    record Published(String address, int host, int container) {

        static Published parse(String mapping) {
            String[] parts = mapping.split(":");
            return switch (parts.length) {
                case 2 -> new Published("", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                case 3 -> new Published(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                default -> throw new AssertionError("not a [address:]host:container port mapping: " + mapping);
            };
        }
    }

    /** A JDBC URL's scheme, host, port and database. */
    record JdbcUrl(String scheme, String host, int port, String database) {

        static JdbcUrl parse(String url) {
            if (!url.startsWith("jdbc:")) {
                throw new AssertionError("not a JDBC URL: " + url);
            }
            URI uri = URI.create(url.substring("jdbc:".length()));
            return new JdbcUrl(
                    uri.getScheme(), uri.getHost(), uri.getPort(), uri.getPath().substring(1));
        }
    }

    static final class Service {

        private final String name;
        private final Map<String, Object> definition;

        private Service(String name, Map<String, Object> definition) {
            this.name = name;
            this.definition = definition;
        }

        String name() {
            return name;
        }

        Object get(String key) {
            return definition.get(key);
        }

        /** The command's arguments, for a database server its options. */
        List<String> command() {
            Object command = definition.get("command");
            if (command == null) {
                return List.of();
            }
            if (!(command instanceof List<?> list)) {
                throw new AssertionError(name + ": command must be a list, one argument an item");
            }
            return list.stream().map(String::valueOf).toList();
        }

        /** The Spring properties the command passes as {@code --key=value}. */
        Map<String, String> properties() {
            Map<String, String> properties = new LinkedHashMap<>();
            for (String argument : command()) {
                if (!argument.startsWith("--") || !argument.contains("=")) {
                    throw new AssertionError(name + ": not a --key=value argument: " + argument);
                }
                int equals = argument.indexOf('=');
                properties.put(argument.substring(2, equals), argument.substring(equals + 1));
            }
            return properties;
        }

        String property(String key) {
            String value = properties().get(key);
            if (value == null) {
                throw new AssertionError(name + " is not given --" + key);
            }
            return value;
        }

        /**
         * A Spring property as the service gets it: a {@code --key=value} argument, else the
         * environment variable Spring Boot binds to it ({@code SPRING_DATASOURCE_PASSWORD}).
         */
        String setting(String key) {
            String value = properties().get(key);
            if (value == null) {
                value = environment().get(environmentName(key));
            }
            if (value == null) {
                throw new AssertionError(name + " is given neither --" + key + " nor " + environmentName(key));
            }
            return value;
        }

        static String environmentName(String property) {
            return property.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
        }

        Map<String, String> environment() {
            Object environment = definition.get("environment");
            if (environment == null) {
                return Map.of();
            }
            Map<String, String> result = new LinkedHashMap<>();
            map(definition, "environment").forEach((key, value) -> result.put(key, String.valueOf(value)));
            return result;
        }

        List<Published> ports() {
            Object ports = definition.get("ports");
            if (ports == null) {
                return List.of();
            }
            return ((List<?>) ports)
                    .stream().map(String::valueOf).map(Published::parse).toList();
        }

        /** Volume mounts as written, in short syntax ({@code source:target[:options]}). */
        List<String> mounts() {
            Object volumes = definition.get("volumes");
            return volumes == null
                    ? List.of()
                    : ((List<?>) volumes).stream().map(String::valueOf).toList();
        }

        /** Volume mounts in short syntax, source to target. */
        Map<String, String> volumes() {
            Object volumes = definition.get("volumes");
            Map<String, String> result = new LinkedHashMap<>();
            if (volumes != null) {
                for (Object volume : (List<?>) volumes) {
                    String[] parts = String.valueOf(volume).split(":");
                    result.put(parts[0], parts[1]);
                }
            }
            return result;
        }

        /** The healthcheck's test as one line, or null where there is none. */
        String healthcheck() {
            Object healthcheck = definition.get("healthcheck");
            if (healthcheck == null) {
                return null;
            }
            Object test = map(definition, "healthcheck").get("test");
            if (test instanceof List<?> list) {
                return String.join(" ", list.stream().map(String::valueOf).toList());
            }
            return test == null ? null : String.valueOf(test);
        }

        /** Each dependency with its condition; a list (no conditions) maps to null conditions. */
        Map<String, String> dependsOn() {
            Object dependsOn = definition.get("depends_on");
            Map<String, String> result = new LinkedHashMap<>();
            if (dependsOn instanceof List<?> list) {
                list.forEach(dependency -> result.put(String.valueOf(dependency), null));
            } else if (dependsOn != null) {
                map(definition, "depends_on")
                        .forEach((dependency, settings) -> result.put(
                                dependency, settings instanceof Map<?, ?> m ? (String) m.get("condition") : null));
            }
            return result;
        }

        /** The module the image is built from (the build argument MODULE). */
        String module() {
            Object build = definition.get("build");
            if (!(build instanceof Map<?, ?> settings) || !(settings.get("args") instanceof Map<?, ?> args)) {
                return null;
            }
            Object module = args.get("MODULE");
            return module == null ? null : String.valueOf(module);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping at " + key + ", found " + value);
        }
        return (Map<String, Object>) value;
    }
}

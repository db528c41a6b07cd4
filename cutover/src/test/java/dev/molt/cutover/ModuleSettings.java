package dev.molt.cutover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** A service module's own defaults: its {@code src/main/resources/application.yml}, as dotted keys. */
final class ModuleSettings {

    private final String module;
    private final Map<String, Object> flat;

    private ModuleSettings(String module, Map<String, Object> flat) {
        this.module = module;
        this.flat = flat;
    }

    static ModuleSettings of(Path projectRoot, String module) {
        Path file = projectRoot.resolve(module).resolve("src/main/resources/application.yml");
        try {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", new Yaml().load(Files.readString(file)), flat);
            return new ModuleSettings(module, flat);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    String get(String key) {
        Object value = flat.get(key);
        if (value == null) {
            throw new AssertionError(module + "'s application.yml sets no " + key);
        }
        return String.valueOf(value);
    }

    int port(String key) {
        return Integer.parseInt(get(key));
    }

    /** The entries under {@code prefix.}, keyed by the rest of their name. */
    Map<String, String> under(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                result.put(key.substring(prefix.length() + 1), String.valueOf(value));
            }
        });
        return result;
    }

    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) ->
                    flatten(prefix.isEmpty() ? unbracket(key) : prefix + "." + unbracket(key), child, into));
        } else {
            into.put(prefix, value);
        }
    }

    /** {@code "[source.table]"} is one key in Spring's binding; keep it as it is written, minus the brackets. */
    private static String unbracket(Object key) {
        String name = String.valueOf(key);
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }
}

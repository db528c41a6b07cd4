package dev.molt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric names the Grafana dashboard ({@code deploy/grafana/dashboards/molt.json}) queries, and
 * which service exports each. Every service's metrics test scrapes a running instance and checks
 * that it exports the names assigned to it here, so a panel whose query names a metric no service
 * exports fails a test instead of staying empty in Grafana.
 */
public final class DashboardMetrics {

    /** The dashboard, from the checkout's root. */
    public static final String DASHBOARD = "deploy/grafana/dashboards/molt.json";

    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless");

    private DashboardMetrics() {}

    /** Which running service a dashboard metric comes from, by its name's prefix. */
    public enum Exporter {
        GATEWAY("molt_gateway_"),
        REPLICATOR("molt_replication_"),
        SHOP_SERVICE("http_server_requests_", "hikaricp_");

        private final Set<String> prefixes;

        Exporter(String... prefixes) {
            this.prefixes = Set.of(prefixes);
        }

        /** The exporter of {@code metric}; an error for a name no service's metrics test checks. */
        public static Exporter of(String metric) {
            return Arrays.stream(values())
                    .filter(exporter -> exporter.prefixes.stream().anyMatch(metric::startsWith))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the dashboard queries " + metric
                            + ", which no service's metrics test checks: give it an exporter in DashboardMetrics"));
        }
    }

    /** Every metric name the dashboard's queries use. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions(read(root().resolve(DASHBOARD)))) {
            names.addAll(metricNames(expr));
        }
        return names;
    }

    /** The dashboard's metric names that {@code exporter} must export. */
    public static Set<String> namesExportedBy(Exporter exporter) {
        return names().stream()
                .filter(name -> Exporter.of(name) == exporter)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The {@code expr} of every query in a dashboard's JSON. */
    static Set<String> expressions(String dashboardJson) {
        Set<String> expressions = new TreeSet<>();
        Matcher matcher = EXPR.matcher(dashboardJson);
        while (matcher.find()) {
            expressions.add(matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return expressions;
    }

    /** The metric names of one PromQL expression: not functions, label names, strings, ranges or keywords. */
    static Set<String> metricNames(String promql) {
        String bare = STRING.matcher(promql).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String name = matcher.group();
            boolean function = bare.substring(matcher.end()).stripLeading().startsWith("(");
            if (!function && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric names in a Prometheus text exposition (a scrape of {@code /actuator/prometheus}). */
    public static Set<String> exportedNames(String scrape) {
        return scrape.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The Molt checkout this test runs in: the first directory upwards that holds {@code mvnw} and {@code molt}. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("molt"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Molt checkout (mvnw and molt) above " + start);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}

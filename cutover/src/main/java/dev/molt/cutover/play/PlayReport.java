package dev.molt.cutover.play;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verdict of a play: a table per stage segment on the console, the same as JSON, and an HTML
 * page with a timeline of requests, failures, latency and replication lag, the stages and the
 * fault drill's crashes (kill, back, healthy) marked.
 */
final class PlayReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Traffic traffic;
    private final List<WriteCheck.Result> checks;
    private final long acknowledgedWrites;
    private final List<String> failures;
    private final Faults faults;
    private final List<Block> blocks;

    /**
     * What the fault drill did.
     *
     * @param windows each crash, kill to healthy
     * @param notes what the drill skipped or found (the gateway switch's outcome)
     * @param unknownCommands commands whose outcome the client could not know, each checked at the end
     */
    record Faults(List<FaultWindow> windows, List<String> notes, long unknownCommands) {

        static final Faults NONE = new Faults(List.of(), List.of(), 0);
    }

    PlayReport(Traffic traffic, List<WriteCheck.Result> checks, long acknowledgedWrites, List<String> failures) {
        this(traffic, checks, acknowledgedWrites, failures, Faults.NONE);
    }

    PlayReport(
            Traffic traffic,
            List<WriteCheck.Result> checks,
            long acknowledgedWrites,
            List<String> failures,
            Faults faults) {
        this(traffic, checks, acknowledgedWrites, failures, faults, List.of());
    }

    /** With the stops of a declared target's convergence ({@code blocks}), each as the gateway showed it. */
    PlayReport(
            Traffic traffic,
            List<WriteCheck.Result> checks,
            long acknowledgedWrites,
            List<String> failures,
            Faults faults,
            List<Block> blocks) {
        this.traffic = traffic;
        this.checks = checks;
        this.acknowledgedWrites = acknowledgedWrites;
        this.failures = failures;
        this.faults = faults;
        this.blocks = List.copyOf(blocks);
    }

    boolean passed() {
        return failures.isEmpty()
                && checks.stream().allMatch(WriteCheck.Result::passed)
                && traffic.segments().stream()
                        .allMatch(s -> s.unexpectedStatuses() == 0 && s.transportErrors() == 0 && s.staleReads() == 0);
    }

    void print(PrintWriter out) {
        out.println();
        out.printf(
                "%-8s %-26s %9s %11s %10s %6s %9s %9s %9s %9s%n",
                "stage", "", "requests", "unexpected", "transport", "stale", "p50 ms", "p99 ms", "lag ms", "hold ms");
        for (Segment s : traffic.segments()) {
            out.printf(
                    "%-8s %-26s %9d %11d %10d %6d %9.1f %9.1f %9s %9s%n",
                    s.label(),
                    s.name(),
                    s.requests(),
                    s.unexpectedStatuses(),
                    s.transportErrors(),
                    s.staleReads(),
                    s.p50Millis(),
                    s.p99Millis(),
                    s.maxLagMillis() > 0 ? String.valueOf(s.maxLagMillis()) : "-",
                    s.holdMillis() == null ? "-" : String.valueOf(s.holdMillis()));
            s.unexpectedByStatus().forEach((status, count) -> out.printf("%8s   %d x status %d%n", "", count, status));
            if (s.windowRequests() > 0) {
                out.printf(
                        "%8s   %d request(s) inside fault windows, %d clean failure(s) there%n",
                        "", s.windowRequests(), s.windowCleanFailures());
            }
        }
        out.println();
        printActors(out);
        for (Block block : blocks) {
            out.printf("blocked at stage %d (+%.1f s): %s%n", block.stage(), seconds(block.atMillis()), block.brief());
        }
        for (FaultWindow w : faults.windows()) {
            out.printf(
                    "fault %-15s %-12s at %-6s killed +%.1f s, back %s, healthy %s (down %s)%n",
                    w.fault(),
                    w.process(),
                    w.label().strip(),
                    seconds(w.killMillis()),
                    w.backMillis() == null ? "-" : "+%.1f s".formatted(seconds(w.backMillis())),
                    w.healthyMillis() == null ? "never" : "+%.1f s".formatted(seconds(w.healthyMillis())),
                    w.downMillis() < 0 ? "-" : w.downMillis() + " ms");
        }
        faults.notes().forEach(note -> out.println("note: " + note));
        if (!faults.windows().isEmpty()) {
            out.printf(
                    "commands of unknown outcome (cut, 502, 503, 504): %d, each checked: applied once or not at all%n",
                    faults.unknownCommands());
        }
        out.printf("acknowledged writes: %d%n", acknowledgedWrites);
        for (WriteCheck.Result check : checks) {
            if (check.comparison()) {
                out.printf(
                        "%s: %d rows compared by the replicator, %s%n",
                        check.database(), check.squidsChecked(), check.passed() ? "equal" : "they differ");
            } else {
                out.printf(
                        "%s database: %d squids checked, %s%n",
                        check.database(),
                        check.squidsChecked(),
                        check.passed()
                                ? "every acknowledged write present with its final value"
                                : check.problems().size() + " problem(s)");
            }
            check.problems().stream().limit(20).forEach(problem -> out.println("  - " + problem));
        }
        failures.forEach(failure -> out.println("failed: " + failure));
        String verdict = faults.windows().isEmpty()
                ? "PASSED: no request failed, no read was stale, no write was lost."
                : "PASSED: outside the fault windows no request failed, inside them every failure was clean;"
                        + " no read was stale, no write was lost or applied twice.";
        out.println(passed() ? verdict : "FAILED: see above.");
        out.flush();
    }

    /** Who took the steps, in order, where the gateway's history named them (a declared target). */
    private void printActors(PrintWriter out) {
        String actor = null;
        int steps = 0;
        for (Segment s : traffic.segments()) {
            if (s.actor() == null) {
                continue;
            }
            if (!s.actor().equals(actor)) {
                printSteps(out, steps, actor);
                actor = s.actor();
                steps = 0;
            }
            steps++;
        }
        printSteps(out, steps, actor);
    }

    private static void printSteps(PrintWriter out, int steps, String actor) {
        if (actor != null) {
            out.printf("%d step(s) taken by %s%n", steps, actor);
        }
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), json().toPrettyString());
            Files.writeString(dir.resolve("report.html"), html());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + dir, e);
        }
    }

    private ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("passed", passed());
        root.put("acknowledgedWrites", acknowledgedWrites);
        root.put("unknownCommands", faults.unknownCommands());
        ArrayNode windows = root.putArray("faults");
        for (FaultWindow w : faults.windows()) {
            ObjectNode node = windows.addObject();
            node.put("fault", w.fault());
            node.put("process", w.process());
            node.put("stage", w.label().strip());
            node.put("planned", w.planned());
            node.put("killMillis", w.killMillis());
            if (w.backMillis() != null) {
                node.put("backMillis", w.backMillis());
            }
            if (w.healthyMillis() != null) {
                node.put("healthyMillis", w.healthyMillis());
            }
            node.put("downMillis", w.downMillis());
        }
        ArrayNode notes = root.putArray("notes");
        faults.notes().forEach(notes::add);
        ArrayNode blocked = root.putArray("blocks");
        for (Block block : blocks) {
            ObjectNode node = blocked.addObject();
            node.put("stage", block.stage());
            node.put("atMillis", block.atMillis());
            block.guards().forEach(node.putArray("guards")::add);
            block.details().forEach(node.putArray("details")::add);
        }
        ArrayNode stages = root.putArray("stages");
        for (Segment s : traffic.segments()) {
            ObjectNode stage = stages.addObject();
            stage.put("stage", s.stage());
            stage.put("label", s.label());
            stage.put("name", s.name());
            stage.put("startMillis", s.startMillis());
            stage.put("endMillis", s.endMillis());
            stage.put("requests", s.requests());
            stage.put("unexpectedStatuses", s.unexpectedStatuses());
            ObjectNode byStatus = stage.putObject("unexpectedByStatus");
            s.unexpectedByStatus().forEach((status, count) -> byStatus.put(String.valueOf(status), count));
            stage.put("transportErrors", s.transportErrors());
            stage.put("staleReads", s.staleReads());
            stage.put("faultWindowRequests", s.windowRequests());
            stage.put("faultWindowCleanFailures", s.windowCleanFailures());
            stage.put("p50Millis", s.p50Millis());
            stage.put("p99Millis", s.p99Millis());
            stage.put("maxLagMillis", s.maxLagMillis());
            if (s.holdMillis() != null) {
                stage.put("holdMillis", s.holdMillis());
            }
            if (s.actor() != null) {
                stage.put("actor", s.actor());
            }
        }
        ArrayNode checked = root.putArray("writeChecks");
        for (WriteCheck.Result check : checks) {
            ObjectNode node = checked.addObject();
            node.put("database", check.database());
            node.put("squidsChecked", check.squidsChecked());
            node.put("comparison", check.comparison());
            ArrayNode problems = node.putArray("problems");
            check.problems().forEach(problems::add);
        }
        ArrayNode failed = root.putArray("failures");
        failures.forEach(failed::add);
        return root;
    }

    private String html() {
        Map<Long, Traffic.Second> seconds = traffic.seconds();
        long last = seconds.isEmpty()
                ? 1
                : seconds.keySet().stream().mapToLong(Long::longValue).max().orElse(1);
        int width = 1000;
        int height = 140;
        double dx = width / (double) Math.max(1, last + 1);
        List<String> series = new ArrayList<>();
        series.add(plot("requests / s", seconds, s -> s.requests.get(), dx, width, height, "#2563eb"));
        series.add(
                plot("p99 latency (ms)", seconds, s -> s.latencies.percentileMillis(99), dx, width, height, "#7c3aed"));
        series.add(plot("replication lag (ms)", seconds, s -> Math.max(0, s.lagMillis), dx, width, height, "#059669"));
        series.add(
                plot("failed requests and stale reads", seconds, s -> s.failures.get(), dx, width, height, "#dc2626"));
        StringBuilder marks = new StringBuilder();
        for (Segment s : traffic.segments()) {
            double x = (s.startMillis() - traffic.startMillis()) / 1000.0 * dx;
            marks.append("<line x1='%.1f' x2='%.1f' y1='0' y2='%d' stroke='#9ca3af' stroke-dasharray='3'/>"
                            .formatted(x, x, height))
                    .append("<text x='%.1f' y='12' font-size='10' fill='#374151'>%s</text>"
                            .formatted(x + 2, escape(s.label())));
        }
        for (FaultWindow w : faults.windows()) {
            double kill = (w.killMillis() - traffic.startMillis()) / 1000.0 * dx;
            double healthy =
                    w.healthyMillis() == null ? width : (w.healthyMillis() - traffic.startMillis()) / 1000.0 * dx;
            marks.append("<rect x='%.1f' y='0' width='%.1f' height='%d' fill='#fecaca' fill-opacity='0.5'/>"
                            .formatted(kill, Math.max(1, healthy - kill), height))
                    .append("<text x='%.1f' y='%d' font-size='10' fill='#b91c1c'>kill %s</text>"
                            .formatted(kill + 2, height - 20, escape(w.process())));
            if (w.backMillis() != null) {
                double back = (w.backMillis() - traffic.startMillis()) / 1000.0 * dx;
                marks.append(
                        "<line x1='%.1f' x2='%.1f' y1='0' y2='%d' stroke='#f59e0b'/>".formatted(back, back, height));
            }
            marks.append(
                    "<line x1='%.1f' x2='%.1f' y1='0' y2='%d' stroke='#16a34a'/>".formatted(healthy, healthy, height));
        }
        StringBuilder faultRows = new StringBuilder();
        for (FaultWindow w : faults.windows()) {
            faultRows.append("<li>%s: %s killed at %s (+%.1f s), back %s, healthy %s, down %s</li>"
                    .formatted(
                            escape(w.fault()),
                            escape(w.process()),
                            escape(w.label().strip()),
                            seconds(w.killMillis()),
                            w.backMillis() == null ? "-" : "+%.1f s".formatted(seconds(w.backMillis())),
                            w.healthyMillis() == null ? "never" : "+%.1f s".formatted(seconds(w.healthyMillis())),
                            w.downMillis() < 0 ? "-" : w.downMillis() + " ms"));
        }
        faults.notes().forEach(note -> faultRows.append("<li>%s</li>".formatted(escape(note))));
        StringBuilder blockRows = new StringBuilder();
        for (Block block : blocks) {
            blockRows.append("<li>stage %d (+%.1f s): %s</li>"
                    .formatted(block.stage(), seconds(block.atMillis()), escape(String.join("; ", block.details()))));
        }
        StringBuilder rows = new StringBuilder();
        for (Segment s : traffic.segments()) {
            rows.append(
                    "<tr><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%d</td><td>%s</td></tr>"
                            .formatted(
                                    escape(s.label()),
                                    escape(s.name()),
                                    s.requests(),
                                    s.unexpectedStatuses(),
                                    s.transportErrors(),
                                    s.staleReads(),
                                    s.p50Millis(),
                                    s.p99Millis(),
                                    s.maxLagMillis(),
                                    s.holdMillis() == null ? "-" : s.holdMillis()));
        }
        StringBuilder plots = new StringBuilder();
        for (String plot : series) {
            plots.append("<svg width='%d' height='%d' style='border:1px solid #e5e7eb;margin:6px 0'>%s%s</svg>"
                    .formatted(width, height, marks, plot));
        }
        StringBuilder checked = new StringBuilder();
        for (WriteCheck.Result check : checks) {
            checked.append("<li>%s: %d %s, %s</li>"
                    .formatted(
                            check.database(),
                            check.squidsChecked(),
                            check.comparison() ? "rows compared by the replicator" : "squids checked",
                            check.passed()
                                    ? (check.comparison() ? "equal" : "every acknowledged write present")
                                    : escape(String.join("; ", check.problems()))));
        }
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>Molt play report</title>
                <style>body{font-family:sans-serif;margin:24px}table{border-collapse:collapse}
                td,th{border:1px solid #e5e7eb;padding:3px 8px;text-align:right}td:nth-child(2){text-align:left}</style>
                </head><body><h1>Molt play: %s</h1><p>%d acknowledged writes.</p><ul>%s</ul>
                <h2>Faults</h2><ul>%s</ul>
                <h2>Convergence blocked</h2><ul>%s</ul>
                %s
                <table><tr><th>stage</th><th>name</th><th>requests</th><th>unexpected</th><th>transport errors</th>
                <th>stale reads</th><th>p50 ms</th><th>p99 ms</th><th>max lag ms</th><th>hold ms</th></tr>%s</table>
                </body></html>
                """.formatted(
                        passed() ? "PASSED" : "FAILED",
                        acknowledgedWrites,
                        checked,
                        faultRows.isEmpty() ? "<li>none</li>" : faultRows,
                        blockRows.isEmpty() ? "<li>never</li>" : blockRows,
                        plots,
                        rows);
    }

    private static String plot(
            String title,
            Map<Long, Traffic.Second> seconds,
            java.util.function.ToDoubleFunction<Traffic.Second> value,
            double dx,
            int width,
            int height,
            String colour) {
        double max = seconds.values().stream().mapToDouble(value).max().orElse(0);
        double scale = max <= 0 ? 0 : (height - 30) / max;
        StringBuilder points = new StringBuilder();
        seconds.forEach((second, s) -> points.append(
                "%.1f,%.1f ".formatted(second * dx + dx / 2, height - 5 - value.applyAsDouble(s) * scale)));
        return "<text x='%d' y='26' font-size='12' text-anchor='end' fill='%s'>%s (max %.0f)</text>"
                        .formatted(width - 6, colour, escape(title), max)
                + "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>".formatted(colour, points);
    }

    private double seconds(long millis) {
        return (millis - traffic.startMillis()) / 1000.0;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

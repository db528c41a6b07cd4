package dev.molt.lint;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What lint found, as a table people read or as JSON for tools. */
public record LintReport(List<MigrationLint> migrations) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DETAIL_WIDTH = 100;

    public long errors() {
        return migrations.stream().mapToLong(m -> m.count(Severity.ERROR)).sum();
    }

    public long warnings() {
        return migrations.stream().mapToLong(m -> m.count(Severity.WARNING)).sum();
    }

    /** {@code {"migrations":[{"version","file","order","changes":[...]}],"errors":N,"warnings":N}}. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("migrations");
        for (MigrationLint migration : migrations) {
            ObjectNode node = list.addObject();
            node.put("version", migration.file().version());
            node.put("file", migration.file().fileName());
            node.put("order", migration.order().label());
            ArrayNode changes = node.putArray("changes");
            for (Finding finding : migration.findings()) {
                ObjectNode change = changes.addObject();
                change.put("kind", finding.kind().label());
                if (finding.table() != null) {
                    change.put("table", finding.table());
                }
                if (finding.column() != null) {
                    change.put("column", finding.column());
                }
                if (finding.renamedTo() != null) {
                    change.put("renamedTo", finding.renamedTo());
                }
                change.put("order", finding.order().label());
                change.put("severity", finding.severity().label());
                change.put("detail", finding.detail());
            }
        }
        root.put("errors", errors());
        root.put("warnings", warnings());
        return root;
    }

    /** One block per migration: its version, file and order, then a line per change and its detail. */
    public void printText(PrintWriter out) {
        for (MigrationLint migration : migrations) {
            out.printf(
                    "V%s  %s  order %s%n",
                    migration.file().version(),
                    migration.file().fileName(),
                    migration.order().label());
            if (migration.findings().isEmpty()) {
                out.printf("    %-8s %-9s %s%n", "ok", "M->G", "(no schema change)");
            }
            for (Finding finding : migration.findings()) {
                String target = finding.table() == null
                        ? "(the whole migration)"
                        : finding.column() == null ? finding.table() : finding.table() + "." + finding.column();
                if (finding.renamedTo() != null) {
                    target += " -> " + finding.renamedTo();
                }
                out.printf(
                        "    %-8s %-9s %-19s %s%n",
                        finding.severity().label(),
                        finding.order().label(),
                        finding.kind().label(),
                        target);
                for (String line : wrap(finding.detail())) {
                    out.printf("%23s%s%n", "", line);
                }
            }
        }
        out.printf(
                "%d migration%s, %d error%s, %d warning%s%n",
                migrations.size(),
                migrations.size() == 1 ? "" : "s",
                errors(),
                errors() == 1 ? "" : "s",
                warnings(),
                warnings() == 1 ? "" : "s");
        out.flush();
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > DETAIL_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}

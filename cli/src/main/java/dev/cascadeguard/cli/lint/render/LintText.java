package dev.cascadeguard.cli.lint.render;

import dev.cascadeguard.cli.lint.CascadeNode;
import dev.cascadeguard.cli.lint.Finding;
import dev.cascadeguard.cli.lint.LintResult;
import dev.cascadeguard.cli.lint.Numbers;
import dev.cascadeguard.cli.lint.Paths;
import dev.cascadeguard.cli.lint.SchemaFacts;
import dev.cascadeguard.cli.lint.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * The lint result for people: the cascade trees drawn with box-drawing lines, then the findings, most severe first,
 * each with its fix. Colors (ANSI) only when asked for: the command turns them on for a terminal.
 */
public final class LintText {

    private static final String RESET = "\u001b[0m";

    private final boolean color;

    public LintText(boolean color) {
        this.color = color;
    }

    public String render(LintResult result) {
        SchemaFacts facts = result.facts();
        StringBuilder out = new StringBuilder();
        out.append("cascade-guard lint: ").append(facts.database()).append(", ")
                .append(Numbers.count(facts.scope().size())).append(" tables, ")
                .append(Numbers.count(facts.foreignKeys().size())).append(" foreign keys\n\n");
        if (result.trees().isEmpty()) {
            out.append("No ON DELETE CASCADE chains.\n\n");
        } else {
            out.append("Cascade trees: estimated rows reached from 1 deleted root row\n");
            for (CascadeNode tree : result.trees()) {
                tree(out, facts, tree);
                out.append('\n');
            }
        }
        out.append("Findings\n");
        for (Finding finding : result.findings()) {
            out.append(paint(finding.severity(), pad(finding.severity().label().toUpperCase(java.util.Locale.ROOT), 5)))
                    .append(' ').append(finding.kind().label()).append(": ").append(finding.message()).append('\n');
            if (!finding.constraints().isEmpty()) {
                out.append("      constraints: ").append(String.join(", ", finding.constraints())).append('\n');
            }
            out.append("      fix: ").append(finding.fix()).append('\n');
        }
        out.append('\n').append(Numbers.count(result.findings().size())).append(" findings: ")
                .append(result.count(Severity.ERROR)).append(" error, ").append(result.count(Severity.WARN))
                .append(" warn, ").append(result.count(Severity.INFO)).append(" info (")
                .append(Numbers.count(result.millis())).append(" ms)\n");
        return out.toString();
    }

    private void tree(StringBuilder out, SchemaFacts facts, CascadeNode root) {
        List<String[]> rows = new ArrayList<>();
        collect(facts, root, "", "", rows);
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int rowsWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        for (String[] row : rows) {
            out.append(pad(row[0], width)).append("  ").append(" ".repeat(rowsWidth - row[1].length())).append(row[1])
                    .append("  ").append(row[2]).append('\n');
        }
    }

    private void collect(SchemaFacts facts, CascadeNode node, String lead, String childLead, List<String[]> rows) {
        String rowsText = node.depth() == 0 ? "1" : Paths.rows(node);
        StringBuilder what = new StringBuilder(node.depth() == 0 ? "root" : LintPicture.action(node.action()));
        if (node.via() != null) {
            what.append("  ").append(node.via().name());
        }
        if (node.wouldFail()) {
            what.append("  ").append(paint(Severity.WARN, "[fails the delete if a row references it]"));
        }
        if (node.protectedBy() != null) {
            what.append("  ").append(paint(Severity.ERROR, "[protected: " + node.protectedBy() + "]"));
        }
        if (node.repeat()) {
            what.append("  (expanded elsewhere)");
        }
        if (node.cycle()) {
            what.append("  (cycle)");
        }
        rows.add(new String[]{lead + facts.name(node.table()), rowsText, what.toString()});
        List<CascadeNode> children = node.children();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            collect(facts, children.get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "),
                    rows);
        }
    }

    private String paint(Severity severity, String text) {
        if (!color) {
            return text;
        }
        String code = switch (severity) {
            case ERROR -> "\u001b[1;31m";
            case WARN -> "\u001b[33m";
            case INFO -> "\u001b[36m";
        };
        return code + text + RESET;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}

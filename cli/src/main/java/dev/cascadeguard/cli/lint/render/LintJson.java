package dev.cascadeguard.cli.lint.render;

import dev.cascadeguard.cli.lint.CascadeNode;
import dev.cascadeguard.cli.lint.Finding;
import dev.cascadeguard.cli.lint.LintResult;
import dev.cascadeguard.cli.lint.SchemaFacts;
import dev.cascadeguard.cli.lint.Severity;

import java.util.List;
import java.util.Locale;

import static dev.cascadeguard.render.ReportJson.quote;

/**
 * The lint result for scripts: one object with the summary, every finding (kind, severity, tables, constraints,
 * message, fix) and the cascade trees.
 */
public final class LintJson {

    private LintJson() {
    }

    public static String render(LintResult result) {
        SchemaFacts facts = result.facts();
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"database\": ").append(quote(facts.database())).append(",\n")
                .append("  \"tables\": ").append(facts.scope().size()).append(",\n")
                .append("  \"foreignKeys\": ").append(facts.foreignKeys().size()).append(",\n")
                .append("  \"millis\": ").append(result.millis()).append(",\n")
                .append("  \"summary\": {\"error\": ").append(result.count(Severity.ERROR))
                .append(", \"warn\": ").append(result.count(Severity.WARN))
                .append(", \"info\": ").append(result.count(Severity.INFO)).append("},\n")
                .append("  \"findings\": [");
        List<Finding> findings = result.findings();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"kind\": ").append(quote(f.kind().label()))
                    .append(", \"severity\": ").append(quote(f.severity().label()))
                    .append(", \"tables\": ").append(strings(f.tables()))
                    .append(", \"constraints\": ").append(strings(f.constraints()))
                    .append(", \"message\": ").append(quote(f.message()))
                    .append(", \"fix\": ").append(quote(f.fix())).append('}');
        }
        out.append(findings.isEmpty() ? "],\n" : "\n  ],\n").append("  \"trees\": [");
        for (int i = 0; i < result.trees().size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ");
            node(out, facts, result.trees().get(i));
        }
        return out.append(result.trees().isEmpty() ? "]\n" : "\n  ]\n").append("}\n").toString();
    }

    private static void node(StringBuilder out, SchemaFacts facts, CascadeNode node) {
        out.append("{\"table\": ").append(quote(facts.name(node.table())))
                .append(", \"action\": ").append(quote(node.action().name()))
                .append(", \"constraint\": ").append(node.via() == null ? "null" : quote(node.via().name()))
                .append(", \"depth\": ").append(node.depth())
                .append(", \"rowsPerRoot\": ").append(String.format(Locale.ROOT, "%.2f", node.rowsPerRoot()))
                .append(", \"rowsUpTo\": ").append(String.format(Locale.ROOT, "%.2f", node.rowsUpTo()))
                .append(", \"protected\": ").append(node.protectedBy() == null ? "null" : quote(node.protectedBy()))
                .append(", \"repeat\": ").append(node.repeat())
                .append(", \"cycle\": ").append(node.cycle())
                .append(", \"children\": [");
        for (int i = 0; i < node.children().size(); i++) {
            out.append(i == 0 ? "" : ", ");
            node(out, facts, node.children().get(i));
        }
        out.append("]}");
    }

    private static String strings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return out.append(']').toString();
    }
}

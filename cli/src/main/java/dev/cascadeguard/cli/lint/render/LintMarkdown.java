package dev.cascadeguard.cli.lint.render;

import dev.cascadeguard.cli.lint.Finding;
import dev.cascadeguard.cli.lint.Kind;
import dev.cascadeguard.cli.lint.LintResult;
import dev.cascadeguard.cli.lint.Severity;
import dev.cascadeguard.cli.picture.Mermaid;

import java.util.Map;

/**
 * The lint result as a Markdown report (a pull-request comment, a CI summary): counts per kind, the findings as a
 * table, and the cascade trees as a Mermaid block, which GitHub draws.
 */
public final class LintMarkdown {

    private LintMarkdown() {
    }

    public static String render(LintResult result) {
        StringBuilder out = new StringBuilder("## cascade-guard lint: ").append(result.facts().database())
                .append("\n\n").append(result.facts().scope().size()).append(" tables, ")
                .append(result.facts().foreignKeys().size()).append(" foreign keys; ")
                .append(result.findings().size()).append(" findings: ").append(result.count(Severity.ERROR))
                .append(" error, ").append(result.count(Severity.WARN)).append(" warn, ")
                .append(result.count(Severity.INFO)).append(" info.\n\n| kind | findings |\n|---|---:|\n");
        for (Map.Entry<Kind, Long> e : result.countByKind().entrySet()) {
            out.append("| `").append(e.getKey().label()).append("` | ").append(e.getValue()).append(" |\n");
        }
        out.append("\n| severity | kind | tables | constraints | finding | fix |\n|---|---|---|---|---|---|\n");
        for (Finding f : result.findings()) {
            out.append("| ").append(f.severity().label()).append(" | `").append(f.kind().label()).append("` | ")
                    .append(cell(String.join(", ", f.tables()))).append(" | ")
                    .append(cell(String.join(", ", f.constraints()))).append(" | ").append(cell(f.message()))
                    .append(" | ").append(cell(f.fix())).append(" |\n");
        }
        if (!result.trees().isEmpty()) {
            out.append("\n### Cascade trees\n\n```mermaid\n").append(Mermaid.render(LintPicture.of(result)))
                    .append("```\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

package dev.cascadeguard.cli;

import dev.cascadeguard.cli.lint.LintResult;
import dev.cascadeguard.cli.lint.Linter;
import dev.cascadeguard.cli.lint.Severity;
import dev.cascadeguard.cli.lint.render.LintJson;
import dev.cascadeguard.cli.lint.render.LintMarkdown;
import dev.cascadeguard.cli.lint.render.LintPicture;
import dev.cascadeguard.cli.lint.render.LintText;
import dev.cascadeguard.cli.picture.Dot;
import dev.cascadeguard.cli.picture.Mermaid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code lint}: reviews a schema's delete behaviour before anything is deleted. Every ON DELETE CASCADE chain as a
 * tree with estimated rows, and the findings (protected tables reached, SET NULL / SET DEFAULT that cannot work,
 * unindexed foreign keys, triggers, cycles, depth limits). Reads the catalog only.
 */
@Command(name = "lint",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Reviews the schema's delete behaviour: draws every ON DELETE CASCADE chain as a tree with the rows "
                        + "one deleted root row would take (estimates from the database's statistics, or a bounded "
                        + "count), and reports what would fail, orphan, scan or reach a protected table, each "
                        + "finding with a severity (info, warn, error), its tables and constraints, and a fix.",
                "Reads the catalog only; never changes data."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  java -jar cascade-guard-cli.jar lint \\",
                "      --url jdbc:postgresql://127.0.0.1:5432/app --user app",
                "  java -jar cascade-guard-cli.jar lint --rules guard.properties \\",
                "      --url jdbc:mariadb://127.0.0.1:3306/app?user=app --fail-on error",
                "  java -jar cascade-guard-cli.jar lint --url jdbc:h2:./data/app \\",
                "      --format markdown > lint-report.md",
                "  java -jar cascade-guard-cli.jar lint --url jdbc:sqlite:app.db \\",
                "      --format dot | dot -Tsvg > cascade.svg",
                "",
                "Exit codes:",
                "  0   no finding reaches --fail-on (always, without --fail-on)",
                "  3   a finding reaches --fail-on",
                "  2   usage or connection error (one line on stderr)",
                "",
                "Protected tables are those with guard.table.<name>.blockAbove=0 in the rules."})
public final class LintCommand implements Callable<Integer> {

    /** Output formats; picocli matches them case-insensitively. */
    enum Format { text, json, markdown, mermaid, dot }

    /** The severities --fail-on takes. */
    enum Gate {
        warn(Severity.WARN), error(Severity.ERROR);

        final Severity severity;

        Gate(Severity severity) {
            this.severity = severity;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions database = new ConnectionOptions();

    @Option(names = "--format", paramLabel = "text|json|markdown|mermaid|dot", defaultValue = "text",
            description = "Output: text (trees and findings), json, markdown (a report with a Mermaid picture), "
                    + "mermaid or dot (the cascade trees as a picture). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--fail-on", paramLabel = "warn|error",
            description = "Exit 3 when a finding is at least this severe (a CI gate). Without it lint exits 0.")
    Gate failOn;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "4",
            description = "Report cascades that delete deeper than N levels below their root. Default: "
                    + "${DEFAULT-VALUE}.")
    int maxDepth;

    @Option(names = "--no-color", description = "No ANSI colors (they are only used on a terminal anyway).")
    boolean noColor;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Override
    public Integer call() throws SQLException {
        if (maxDepth < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-depth must be 1 or more");
        }
        Linter linter = new Linter(database.settings(), maxDepth);
        LintResult result;
        try (Connection connection = database.openPlain()) {
            result = linter.lint(connection);
        }
        spec.commandLine().getOut().print(switch (format) {
            case text -> new LintText(color()).render(result);
            case json -> LintJson.render(result);
            case markdown -> LintMarkdown.render(result);
            case mermaid -> Mermaid.render(LintPicture.of(result));
            case dot -> Dot.render(LintPicture.of(result));
        });
        spec.commandLine().getOut().flush();
        return failOn != null && result.reaches(failOn.severity) ? ExitCodes.STOPPED : ExitCodes.ALLOWED;
    }

    /** Colors on a terminal only, and never with --no-color or NO_COLOR set (no-color.org). */
    private boolean color() {
        return !noColor && System.console() != null && System.getenv("NO_COLOR") == null;
    }
}

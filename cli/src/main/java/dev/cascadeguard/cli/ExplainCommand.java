package dev.cascadeguard.cli;

import dev.cascadeguard.cli.picture.Dot;
import dev.cascadeguard.cli.picture.ExplainPicture;
import dev.cascadeguard.cli.picture.Mermaid;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code explain}: what one SQL string would delete or change, table by table, and what the rules would decide.
 * Runs the guard's preview inside a transaction that is rolled back, so it never changes data.
 */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Shows every table and row a DELETE, TRUNCATE or DROP would delete or change through ON DELETE "
                        + "CASCADE / SET NULL / SET DEFAULT, and the decision of the guard rules. Never changes data.",
                "The decision is the driver's on the same statement and settings, fail-closed ones included. Rows "
                        + "are counted within guard.estimateTimeoutMs (default 2000; raise it with "
                        + "java -Dguard.estimateTimeoutMs=60000 -jar … or in the --rules file)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  java -jar cascade-guard-cli.jar explain \\",
                "      --url jdbc:postgresql://127.0.0.1:5432/app --user app \\",
                "      --rules guard.properties \"DELETE FROM organizations WHERE id = 42\"",
                "  java -jar cascade-guard-cli.jar explain --url jdbc:h2:./data/app \\",
                "      --format json --param 42 \"DELETE FROM users WHERE id = ?\"",
                "  java -jar cascade-guard-cli.jar explain --url jdbc:h2:./data/app \\",
                "      --format dot \"DELETE FROM organizations WHERE id = 42\" | dot -Tsvg > cascade.svg",
                "",
                "Exit codes:",
                "  0   allowed (ALLOW or LOG), or the SQL deletes nothing",
                "  3   would be stopped (CONFIRM or BLOCK)",
                "  2   usage or connection error (one line on stderr)",
                "",
                "--format json prints one object per destructive statement, a JSON array",
                "when there are several. For SQL that deletes nothing it prints the same",
                "object with \"kind\": null and \"target\": null."})
public final class ExplainCommand implements Callable<Integer> {

    /** Output formats; picocli matches them case-insensitively. */
    enum Format { text, json, mermaid, dot }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions database = new ConnectionOptions();

    @Option(names = "--param", paramLabel = "VALUE",
            description = "Binds the next ? placeholder, in order. Passed as a string; the database converts it to "
                    + "the column's type.")
    List<String> params = new ArrayList<>();

    @Option(names = "--exact",
            description = "Count every row with no cap. Without it rows are counted as the driver counts them: up "
                    + "to the decision threshold (\"capped\": true marks a count that stopped there).")
    boolean exact;

    @Option(names = "--format", paramLabel = "text|json|mermaid|dot", defaultValue = "text",
            description = "Output: text (a tree), json (the contract's object), or a picture of the cascade: mermaid "
                    + "(GitHub draws it in a ```mermaid block) or dot (Graphviz: | dot -Tsvg). Default: "
                    + "${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "SQL", description = "The statement(s) to explain, quoted as one argument.")
    String sql;

    @Override
    public Integer call() throws SQLException {
        GuardReport report = preview();
        ExplainOutput output = new ExplainOutput(sql, report);
        spec.commandLine().getOut().print(switch (format) {
            case text -> output.text();
            case json -> output.json();
            case mermaid -> Mermaid.render(ExplainPicture.of(report, database.settings()));
            case dot -> Dot.render(ExplainPicture.of(report, database.settings()));
        });
        spec.commandLine().getOut().flush();
        List<Assessment.Unverifiable> unchecked = output.unverifiable();
        if (!unchecked.isEmpty()) {
            // the driver decides such a statement by guard.onEstimateError (fail closed by default): so does explain
            spec.commandLine().getErr().println("cascade-guard: cannot count what " + unchecked.get(0).sql().strip()
                    + " would do: " + unchecked.get(0).problem());
        }
        return ExitCodes.of(report.decision());
    }

    /**
     * The driver's own decision on the statement (contract: explain decides as the driver would, failing closed
     * where it would). With {@code --exact}, capped counts are then counted in full for display; the decision stays
     * the driver's (both agree by construction: a capped count is past every threshold).
     */
    private GuardReport preview() throws SQLException {
        try (Connection connection = database.open()) {
            try {
                GuardConnection guard = connection.unwrap(GuardConnection.class);
                GuardReport decided = guard.decide(sql, params.toArray());
                if (!exact || decided.assessments().stream().noneMatch(ExplainCommand::capped)) {
                    return decided;
                }
                GuardReport counted = guard.preview(sql, params.toArray());
                boolean complete = counted.assessments().stream().noneMatch(a -> a instanceof Assessment.Unverifiable);
                return complete && counted.decision().action() == decided.decision().action() ? counted : decided;
            } finally {
                connection.rollback();
            }
        }
    }

    private static boolean capped(Assessment assessment) {
        return assessment instanceof Assessment.Estimated e
                && e.report().effects().stream().anyMatch(dev.cascadeguard.report.TableEffect::capped);
    }
}

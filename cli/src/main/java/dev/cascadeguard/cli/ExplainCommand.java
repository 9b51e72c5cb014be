package dev.cascadeguard.cli;

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
                "Rows are always counted exactly, within guard.estimateTimeoutMs (default 2000; raise it with "
                        + "java -Dguard.estimateTimeoutMs=60000 -jar … or in the --rules file)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  java -jar cascade-guard-cli.jar explain \\",
                "      --url jdbc:postgresql://127.0.0.1:5432/app --user app \\",
                "      --rules guard.properties \"DELETE FROM organizations WHERE id = 42\"",
                "  java -jar cascade-guard-cli.jar explain --url jdbc:h2:./data/app \\",
                "      --format json --param 42 \"DELETE FROM users WHERE id = ?\"",
                "",
                "Exit codes:",
                "  0   allowed (ALLOW or LOG), or the SQL deletes nothing",
                "  3   would be stopped (CONFIRM or BLOCK)",
                "  2   usage, connection or SQL error (one line on stderr)",
                "",
                "--format json prints one object per destructive statement, a JSON array",
                "when there are several. For SQL that deletes nothing it prints the same",
                "object with \"kind\": null and \"target\": null."})
public final class ExplainCommand implements Callable<Integer> {

    /** Output formats; picocli matches them case-insensitively. */
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions database = new ConnectionOptions();

    @Option(names = "--param", paramLabel = "VALUE",
            description = "Binds the next ? placeholder, in order. Passed as a string; the database converts it to "
                    + "the column's type.")
    List<String> params = new ArrayList<>();

    @Option(names = "--exact",
            description = "Count every row with no cap. explain always counts exactly, so this only states it.")
    boolean exact;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output: text (a tree) or json (the contract's object). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "SQL", description = "The statement(s) to explain, quoted as one argument.")
    String sql;

    @Override
    public Integer call() throws SQLException {
        GuardReport report = preview();
        ExplainOutput output = new ExplainOutput(sql, report);
        spec.commandLine().getOut().print(format == Format.json ? output.json() : output.text());
        spec.commandLine().getOut().flush();
        List<Assessment.Unverifiable> unchecked = output.unverifiable();
        if (!unchecked.isEmpty()) {
            // an explanation with a hole in it is not an answer: the statement has to be fixed first
            spec.commandLine().getErr().println("cascade-guard: cannot explain " + unchecked.get(0).sql().strip()
                    + ": " + unchecked.get(0).problem());
            return ExitCodes.USAGE_OR_ERROR;
        }
        return ExitCodes.of(report.decision());
    }

    private GuardReport preview() throws SQLException {
        try (Connection connection = database.open()) {
            try {
                return connection.unwrap(GuardConnection.class).preview(sql, params.toArray());
            } finally {
                connection.rollback();
            }
        }
    }
}

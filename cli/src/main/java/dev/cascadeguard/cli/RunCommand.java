package dev.cascadeguard.cli;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.render.ReportText;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.rules.GuardReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * {@code run}: executes SQL scripts statement by statement through the guard, in one transaction unless
 * {@code --no-transaction}. A statement the rules stop rolls the run back and exits 3; {@code --dry-run} executes
 * nothing and shows what each statement would destroy.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Runs SQL scripts (a cleanup, a data fix) statement by statement through the guard, in one "
                        + "transaction: when a rule stops a statement, it prints why and where, rolls everything "
                        + "back and exits 3. At the end it prints the rows destroyed per table.",
                "Statements are split at ; outside strings, quoted identifiers, comments and PostgreSQL dollar "
                        + "quotes; MySQL's DELIMITER // … DELIMITER ; changes the delimiter."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  java -jar cascade-guard-cli.jar run --dry-run \\",
                "      --url jdbc:postgresql://127.0.0.1:5432/app --user app cleanup.sql",
                "  java -jar cascade-guard-cli.jar run --rules guard.properties \\",
                "      --url jdbc:postgresql://127.0.0.1:5432/app --user app cleanup.sql",
                "  java -jar cascade-guard-cli.jar run --allow-rows 20000 \\",
                "      --url jdbc:mariadb://127.0.0.1:3306/app?user=app 01-purge.sql 02-reset.sql",
                "",
                "Exit codes:",
                "  0   every statement ran (--dry-run: none would be stopped)",
                "  3   a rule stopped a statement (CONFIRM or BLOCK): rolled back",
                "  2   usage, connection, script or SQL error (one line on stderr): rolled back",
                "",
                "DDL commits by itself on MySQL, MariaDB and H2: a script with CREATE/ALTER/DROP",
                "cannot be rolled back there past its last DDL statement."})
public final class RunCommand implements Callable<Integer> {

    /** Whether stderr is a terminal (progress is shown only there); tests replace it. */
    static BooleanSupplier terminal = () -> System.console() != null;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "JDBC URL of the database, plain (jdbc:postgresql://…) or guarded (jdbc:guard:postgresql://…).")
    String url;

    @Option(names = "--user", paramLabel = "U", description = "Database user.")
    String user;

    @Option(names = "--password", paramLabel = "P",
            description = "Database password (visible to other local users in the process list; prefer one in the URL "
                    + "or a driver-specific file where the database offers one).")
    String password;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Properties file with guard.* rules (sets guard.rules). Without it: system properties, "
                    + "cascade-guard.properties on the class path, defaults.")
    Path rules;

    @Option(names = "--dry-run",
            description = "Execute nothing: print each statement's cascade and decision. Each statement is checked "
                    + "against the database as it is now, without the effects of the statements before it.")
    boolean dryRun;

    @Option(names = "--allow-rows", paramLabel = "N",
            description = "A scoped allowance for the whole run: the statements may together destroy N rows past "
                    + "a CONFIRM rule (never past a BLOCK).")
    Long allowRows;

    @Option(names = "--no-transaction",
            description = "Autocommit each statement: when one is stopped or fails, those before it stay done.")
    boolean noTransaction;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "SCRIPT.sql", description = "The scripts, run in the order given.")
    List<Path> scripts = new ArrayList<>();

    /** One statement of one script. */
    record Step(Path script, ScriptSplitter.Statement statement) {
        String where() {
            return script + ":" + statement.line();
        }

        String sql() {
            return statement.sql();
        }
    }

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws SQLException {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (allowRows != null && allowRows < 0) {
            throw new ParameterException(spec.commandLine(), "--allow-rows must be 0 or more, was " + allowRows);
        }
        String guardUrl = GuardConnector.guardUrl(url);
        boolean mysql = guardUrl.startsWith("jdbc:guard:mysql:") || guardUrl.startsWith("jdbc:guard:mariadb:");
        List<Step> steps = new ArrayList<>();
        for (Path script : scripts) {
            String error = read(script, mysql, steps);
            if (error != null) {
                err.println("cascade-guard: " + error);
                return ExitCodes.USAGE_OR_ERROR;
            }
        }
        try (Connection connection = GuardConnector.open(url, user, password, rules);
             Allowance scope = allowRows == null ? null : CascadeGuard.allow(allowRows, reason())) {
            if (dryRun) {
                try {
                    return dryRun(connection, steps, scope);
                } finally {
                    connection.rollback();
                }
            }
            if (noTransaction) {
                connection.setAutoCommit(true);
            }
            return execute(connection, steps);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private String reason() {
        return "cascade-guard run: " + scripts.stream().map(p -> String.valueOf(p.getFileName()))
                .collect(Collectors.joining(", "));
    }

    /** Adds the script's statements to {@code steps}; returns the one-line problem when it cannot be read. */
    private static String read(Path script, boolean mysql, List<Step> steps) {
        String text;
        try {
            // strict: a script in another encoding would be sent garbled, so it is refused instead
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(script))).toString();
        } catch (NoSuchFileException e) {
            return "no such script: " + script;
        } catch (CharacterCodingException e) {
            return script + ": not UTF-8 text";
        } catch (IOException e) {
            return "cannot read " + script + ": " + e.getMessage();
        }
        try {
            for (ScriptSplitter.Statement s : ScriptSplitter.split(text, mysql)) {
                steps.add(new Step(script, s));
            }
            return null;
        } catch (ScriptSplitter.ScriptException e) {
            return script + ":" + e.line + ": " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2)
                    + " (nothing was run)";
        }
    }

    // ---------------------------------------------------------------------------------------------- real run

    private int execute(Connection connection, List<Step> steps) throws SQLException {
        RunTally tally = new RunTally(Thread.currentThread());
        boolean transaction = !noTransaction;
        boolean committed = false;
        int done = 0;
        try (CascadeGuard.Registration ignored = CascadeGuard.addListener(tally);
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                progress(i, steps.size(), step);
                try {
                    drain(statement, statement.execute(step.sql()));
                    done++;
                } catch (SQLException e) {
                    clearProgress();
                    String aftermath = aftermath(connection, done);
                    if (isStop(e)) {
                        stopped(e, step, i, steps.size(), tally, aftermath);
                        summary(tally, done, steps.size(), transaction ? "rolled back" : "stopped");
                        return ExitCodes.STOPPED;
                    }
                    err.println("cascade-guard: " + step.where() + ": SQL error"
                            + (e.getSQLState() == null ? "" : " " + e.getSQLState()) + ": " + firstLine(e)
                            + " (statement " + (i + 1) + " of " + steps.size() + "; " + aftermath + ")");
                    if (!transaction && done > 0) {
                        summary(tally, done, steps.size(), "stopped");
                    }
                    return ExitCodes.USAGE_OR_ERROR;
                }
            }
            clearProgress();
            if (transaction) {
                connection.commit();
            }
            committed = true;
        } finally {
            if (transaction && !committed) {
                rollbackQuietly(connection);
            }
        }
        summary(tally, done, steps.size(), transaction ? "committed" : "autocommit");
        return ExitCodes.ALLOWED;
    }

    private static boolean isStop(SQLException e) {
        return e instanceof CascadeGuardException
                || e.getSQLState() != null && e.getSQLState().startsWith("XG00");
    }

    /** Rolls back (in a transaction) and says what became of the statements before the failed one. */
    private String aftermath(Connection connection, int done) {
        if (noTransaction) {
            return done == 0
                    ? "no transaction (--no-transaction); nothing had run before it"
                    : "no transaction (--no-transaction): the " + plural(done, "statement") + " before it "
                    + (done == 1 ? "stays" : "stay") + " done";
        }
        String problem = rollbackQuietly(connection);
        if (problem != null) {
            return "the rollback failed: " + problem;
        }
        return done == 0 ? "rolled back; nothing had run before it"
                : "rolled back: the " + plural(done, "statement") + " before it " + (done == 1 ? "is" : "are")
                + " undone";
    }

    private static String rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
            return null;
        } catch (SQLException e) {
            return firstLine(e);
        }
    }

    private void stopped(SQLException e, Step step, int index, int total, RunTally tally, String aftermath) {
        err.println("cascade-guard: stopped at " + step.where() + " (statement " + (index + 1) + " of " + total
                + ")");
        err.println();
        err.println(e.getMessage().strip());
        if (e instanceof ConfirmationRequiredException confirm) {
            long needed = tally.rowsRun + confirm.rowsToAllow();
            err.println("with cascade-guard run, for the whole run: --allow-rows " + needed + " (at least: "
                    + RowFormat.count(tally.rowsRun) + " rows of the statements before it + "
                    + RowFormat.count(confirm.rowsToAllow()) + "; the statements after it spend from it too)");
        }
        err.println();
        err.println(aftermath);
    }

    /** Skips every result the statement produced (a SELECT in a cleanup script, a procedure's result sets). */
    private static void drain(Statement statement, boolean resultSet) throws SQLException {
        for (int guard = 0; guard < 10_000; guard++) {
            if (resultSet) {
                statement.getResultSet().close();
            } else if (statement.getUpdateCount() == -1) {
                return;
            }
            resultSet = statement.getMoreResults();
        }
    }

    private void progress(int index, int total, Step step) {
        if (terminal.getAsBoolean()) {
            err.print("\rstatement " + (index + 1) + " of " + total + " (" + step.where() + ")\u001B[K");
            err.flush();
        }
    }

    private void clearProgress() {
        if (terminal.getAsBoolean()) {
            err.print("\r\u001B[K");
            err.flush();
        }
    }

    /** The rows destroyed per table, from the guard's reports of the statements that ran. */
    private void summary(RunTally tally, int done, int total, String how) {
        String head = switch (how) {
            case "committed" -> "ran " + plural(done, "statement") + " in one transaction, committed";
            case "autocommit" -> "ran " + plural(done, "statement") + ", each committed on its own (--no-transaction)";
            case "rolled back" -> "stopped after " + plural(done, "statement") + " of " + total
                    + ": rolled back, no rows destroyed";
            default -> "stopped after " + plural(done, "statement") + " of " + total
                    + ", which stay done (--no-transaction)";
        };
        out.println(head);
        if (!how.equals("rolled back")) {
            out.print(RunTally.table(tally.rows, "rows destroyed"));
            if (!tally.rows.isEmpty()) {
                out.println("total: " + RunTally.rowsText(tally.total(), tally.atLeast()) + " destroyed by "
                        + plural(tally.statements, "guarded statement"));
            }
        }
        out.flush();
    }

    // ----------------------------------------------------------------------------------------------- dry run

    private int dryRun(Connection connection, List<Step> steps, Allowance scope) {
        GuardConnection guard;
        try {
            guard = connection.unwrap(GuardConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        out.println("dry run: nothing is executed. Each statement is checked against the database as it is now:");
        out.println("it cannot see what the statements before it would do (rows they delete, tables they create).");
        Map<RunTally.Key, long[]> wouldDestroy = new LinkedHashMap<>();
        List<String> stopped = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.println();
            out.println("-- " + step.where() + " (statement " + (i + 1) + " of " + steps.size() + ")");
            GuardReport report;
            try {
                report = guard.preview(step.sql());
            } catch (SQLException e) {
                errors++;
                out.println(shorten(step.sql()));
                out.println("cannot check: " + (e.getSQLState() == null ? "" : e.getSQLState() + ": ") + firstLine(e));
                rollbackQuietly(connection); // a failed statement aborts a PostgreSQL transaction
                continue;
            }
            if (report.assessments().isEmpty()) {
                out.println(shorten(step.sql()));
                out.println("no rows destroyed");
                continue;
            }
            out.print(ReportText.render(report));
            if (report.decision().stops()) {
                stopped.add("statement " + (i + 1) + " (" + step.where() + "): " + report.decision().action());
            } else {
                for (CascadeReport r : report.reports()) {
                    RunTally.add(wouldDestroy, r);
                }
                if (scope != null) {
                    scope.spend(report.decision().totalRows()); // as the real run would
                }
            }
        }
        out.println();
        out.print(RunTally.table(wouldDestroy, "rows it would destroy"));
        if (!wouldDestroy.isEmpty() && steps.size() > 1) {
            out.println("(the sum of the statements as checked one by one: rows two statements reach count twice)");
        }
        if (stopped.isEmpty() && errors == 0) {
            out.println("dry run: no statement would be stopped");
            return ExitCodes.ALLOWED;
        }
        if (!stopped.isEmpty()) {
            out.println("dry run: " + plural(stopped.size(), "statement") + " of " + steps.size()
                    + " would be stopped: " + String.join("; ", stopped));
        }
        if (errors > 0) {
            out.println("dry run: " + plural(errors, "statement") + " could not be checked");
            return ExitCodes.USAGE_OR_ERROR;
        }
        return ExitCodes.STOPPED;
    }

    private static String plural(long n, String noun) {
        return RowFormat.count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String shorten(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String line = message.lines().findFirst().orElse(message);
        if (line.endsWith("; SQL statement:")) {
            line = line.substring(0, line.length() - "; SQL statement:".length()); // H2 appends the statement
        }
        return line.startsWith("CascadeGuard: ") ? line.substring("CascadeGuard: ".length()) : line;
    }
}

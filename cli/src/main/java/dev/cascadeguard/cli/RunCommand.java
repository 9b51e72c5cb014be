package dev.cascadeguard.cli;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.report.RowFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
import java.util.List;
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
                "  3   a rule stopped a statement (CONFIRM or BLOCK): rolled back (--no-transaction: the",
                "      statements before it stay done)",
                "  2   usage, connection, script or SQL error (one line on stderr): rolled back likewise;",
                "      a script with BEGIN/COMMIT/ROLLBACK needs --no-transaction (exit 2, nothing run)",
                "",
                "DDL commits by itself on MySQL, MariaDB and H2: the statements up to the last",
                "CREATE/ALTER/DROP/TRUNCATE that ran stay done there; the summary says which."})
public final class RunCommand implements Callable<Integer> {

    /** Whether stderr is a terminal (progress is shown only there); tests replace it. */
    static BooleanSupplier terminal = RunCommand::stderrIsTerminal;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions database = new ConnectionOptions();

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
    private StatementKind.Dialect dialect = StatementKind.Dialect.OTHER;

    @Override
    public Integer call() throws SQLException {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (allowRows != null && allowRows < 0) {
            throw new ParameterException(spec.commandLine(), "--allow-rows must be 0 or more, was " + allowRows);
        }
        String guardUrl = GuardConnector.guardUrl(database.url);
        boolean mysql = guardUrl.startsWith("jdbc:guard:mysql:") || guardUrl.startsWith("jdbc:guard:mariadb:");
        List<Step> steps = new ArrayList<>();
        for (Path script : scripts) {
            String error = read(script, mysql, steps);
            if (error != null) {
                err.println("cascade-guard: " + error);
                return ExitCodes.USAGE_OR_ERROR;
            }
        }
        try (Connection connection = database.open();
             Allowance scope = allowRows == null ? null : CascadeGuard.allow(allowRows, reason())) {
            String refused = prepare(connection, steps);
            if (refused != null) {
                err.println("cascade-guard: " + refused);
                return ExitCodes.USAGE_OR_ERROR;
            }
            if (dryRun) {
                try {
                    return new DryRun(connection, out, err, scope).run(steps);
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

    /**
     * Unwraps MySQL executable comments for this server, and refuses (before anything runs) a script that controls
     * the transaction itself where the run holds one: a COMMIT in it would make "rolled back" untrue.
     */
    private String prepare(Connection connection, List<Step> steps) throws SQLException {
        dialect = StatementKind.Dialect.of(connection.getMetaData());
        if (dialect.mysqlFamily()) {
            int version = StatementKind.version(connection.getMetaData());
            steps.replaceAll(s -> new Step(s.script(), new ScriptSplitter.Statement(
                    StatementKind.unwrap(s.sql(), dialect, version), s.statement().line())));
            steps.removeIf(s -> s.sql().isEmpty()); // a version this server skips, as it would
        }
        if (noTransaction) {
            return null;
        }
        for (Step step : steps) {
            String control = StatementKind.transactionControl(step.sql());
            if (control != null) {
                return step.where() + ": " + control + " in the script: run holds one transaction to roll back "
                        + "when a statement is stopped, and the script's own transaction control would break that; "
                        + "remove it or use --no-transaction (nothing was run)";
            }
        }
        return null;
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
            String message = e.located ? ": " + e.getMessage()
                    : ":" + e.line + ": " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            return script + message + " (nothing was run)";
        }
    }

    // ---------------------------------------------------------------------------------------------- real run

    private int execute(Connection connection, List<Step> steps) throws SQLException {
        RunTally tally = new RunTally(Thread.currentThread());
        boolean transaction = !noTransaction;
        boolean committed = false;
        RunEnding ending = new RunEnding();
        try (CascadeGuard.Registration ignored = CascadeGuard.addListener(tally);
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                progress(i, steps.size(), step);
                try {
                    drain(statement, statement.execute(step.sql()));
                    ending.done++;
                    if (transaction && StatementKind.commitsImplicitly(step.sql(), dialect)) {
                        ending.committed = ending.done;
                        ending.committedAt = step;
                        ending.committedTally = tally.copy();
                    }
                } catch (SQLException e) {
                    clearProgress();
                    ending.failedDdl = !isStop(e) && StatementKind.commitsImplicitly(step.sql(), dialect);
                    String aftermath = rollBackAndSay(connection, ending);
                    if (isStop(e)) {
                        stopped(e, step, i, steps.size(), tally, aftermath);
                        ending.summary(out, ending.stayingDone(tally), steps.size(), dialect);
                        return ExitCodes.STOPPED;
                    }
                    err.println("cascade-guard: " + step.where() + ": SQL error"
                            + (e.getSQLState() == null ? "" : " " + e.getSQLState()) + ": " + firstLine(e)
                            + " (statement " + (i + 1) + " of " + steps.size() + "; " + aftermath + ")");
                    if (ending.outcome != RunEnding.Outcome.ROLLED_BACK && ending.done > 0) {
                        ending.summary(out, ending.stayingDone(tally), steps.size(), dialect);
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
            if (transaction && !committed && ending.outcome == null) {
                rollbackQuietly(connection);
            }
        }
        ending.outcome = transaction ? RunEnding.Outcome.COMMITTED : RunEnding.Outcome.AUTOCOMMIT;
        ending.summary(out, tally, steps.size(), dialect);
        return ExitCodes.ALLOWED;
    }

    private static boolean isStop(SQLException e) {
        return e instanceof CascadeGuardException
                || e.getSQLState() != null && e.getSQLState().startsWith("XG00");
    }

    /** Rolls back (in a transaction), sets the outcome, says what became of the statements before the failed one. */
    private String rollBackAndSay(Connection connection, RunEnding ending) {
        int done = ending.done;
        if (noTransaction) {
            ending.outcome = RunEnding.Outcome.STOPPED_AUTOCOMMIT;
            return done == 0
                    ? "no transaction (--no-transaction); nothing had run before it"
                    : "no transaction (--no-transaction): the " + plural(done, "statement") + " before it "
                    + (done == 1 ? "stays" : "stay") + " done";
        }
        ending.problem = rollbackQuietly(connection);
        if (ending.problem != null) {
            ending.outcome = RunEnding.Outcome.UNKNOWN;
            return "the rollback failed: " + ending.problem + "; whether the " + plural(done, "statement")
                    + " before it stay done is unknown";
        }
        String failedDdl = ending.failedDdl && dialect.commitsDdl()
                ? "; " + dialect.display() + " commits the open transaction when it starts a statement like this one,"
                + " so the statements before it may stay done even though it failed" : "";
        if (ending.committed > 0) {
            ending.outcome = ending.failedDdl ? RunEnding.Outcome.UNKNOWN : RunEnding.Outcome.PARTLY_COMMITTED;
            int undone = done - ending.committed;
            return "rolled back only in part: " + ending.committedText(dialect) + "; "
                    + (undone == 0 ? "nothing ran after it" : "the " + plural(undone, "statement") + " after it "
                    + (undone == 1 ? "is" : "are") + " undone") + failedDdl;
        }
        ending.outcome = ending.failedDdl && done > 0 ? RunEnding.Outcome.UNKNOWN : RunEnding.Outcome.ROLLED_BACK;
        return (done == 0 ? "rolled back; nothing had run before it"
                : "rolled back: the " + plural(done, "statement") + " before it " + (done == 1 ? "is" : "are")
                + " undone") + failedDdl;
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
        for (int results = 0; results < 10_000; results++) { // a bound against a driver that never says "no more"
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

    /**
     * Progress needs a terminal: System.console(), and on JDK 22+ (which gives a console even when stderr is
     * redirected) its isTerminal(), looked up by name since this is compiled for Java 17.
     */
    private static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null || Runtime.version().feature() < 22) {
            return console != null;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    static String plural(long n, String noun) {
        return RowFormat.count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    static String shorten(String sql) {
        return shorten(sql, 200);
    }

    static String shorten(String sql, int max) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }

    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String line = message.lines().findFirst().orElse(message);
        if (line.endsWith("; SQL statement:")) {
            line = line.substring(0, line.length() - "; SQL statement:".length()); // H2 appends the statement
        }
        return line.startsWith("CascadeGuard: ") ? line.substring("CascadeGuard: ".length()) : line;
    }
}

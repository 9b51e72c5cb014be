package dev.cascadeguard.cli;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.render.ReportText;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.rules.GuardReport;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run --dry-run}: previews each statement (cascade tree and decision) in a transaction the caller rolls back.
 * Executes only what changes the session (SET search_path, USE db, SET ROLE …) so that later statements are checked
 * as the real run would check them, and applies the script's own {@code SET guard.allow_rows[_total] = N} to the
 * statements after it as the guard would.
 */
final class DryRun {

    private final Connection connection;
    private final GuardConnection guard;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Allowance scope;
    /** The session statements executed so far: replayed after a rollback (PostgreSQL rolls a SET back). */
    private final List<String> session = new ArrayList<>();
    /** {@code SET guard.allow_rows = N} in the script: covers the next guarded statement, then is gone. */
    private Long nextRows;
    /** {@code SET guard.allow_rows_total = N} in the script: rows left for the statements after it, -1 when none. */
    private long totalLeft = -1;

    DryRun(Connection connection, PrintWriter out, PrintWriter err, Allowance scope) throws SQLException {
        this.connection = connection;
        this.guard = connection.unwrap(GuardConnection.class);
        this.out = out;
        this.err = err;
        this.scope = scope;
    }

    int run(List<RunCommand.Step> steps) {
        out.println("dry run: nothing is executed. Each statement is checked against the database as it is now:");
        out.println("it cannot see what the statements before it would do (rows they delete, tables they create).");
        Map<RunTally.Key, long[]> wouldDestroy = new LinkedHashMap<>();
        List<String> stopped = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < steps.size(); i++) {
            RunCommand.Step step = steps.get(i);
            out.println();
            out.println("-- " + step.where() + " (statement " + (i + 1) + " of " + steps.size() + ")");
            GuardReport report;
            try {
                if (session(step.sql())) {
                    continue;
                }
                report = preview(step.sql());
            } catch (SQLException e) {
                errors++;
                out.println(RunCommand.shorten(step.sql()));
                out.println("cannot check (see stderr)");
                err.println("cascade-guard: " + step.where() + ": cannot check: "
                        + (e.getSQLState() == null ? "" : e.getSQLState() + ": ") + RunCommand.firstLine(e));
                restart(); // a failed statement aborts a PostgreSQL transaction
                continue;
            }
            if (report.assessments().isEmpty()) {
                out.println(RunCommand.shorten(step.sql()));
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
                if (totalLeft >= 0) {
                    totalLeft = Math.max(0, totalLeft - report.decision().totalRows());
                }
            }
        }
        out.println();
        out.print(RunTally.table(wouldDestroy, "rows it would destroy"));
        if (!wouldDestroy.isEmpty() && steps.size() > 1) {
            out.println("(the sum of the statements as checked one by one: rows two statements reach count twice)");
        }
        return verdict(stopped, errors, steps.size());
    }

    /** Executes a session statement or takes a SET guard.allow_rows; false when the statement is to be previewed. */
    private boolean session(String sql) throws SQLException {
        StatementKind.GuardSet set = StatementKind.guardSet(sql);
        if (set == null && !StatementKind.sessionOnly(sql)) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql); // through the guard: it consumes (and checks) a SET guard.* as in the real run
        }
        out.println(RunCommand.shorten(sql));
        if (set == null) {
            session.add(sql);
            out.println("executed: it changes only the session (undone at the end of the dry run)");
        } else if (set.total()) {
            totalLeft = set.rows().orElse(-1);
            out.println("applied to the statements after it, as in the real run");
        } else {
            nextRows = set.rows().isPresent() ? set.rows().getAsLong() : null;
            out.println("applied to the next guarded statement, as in the real run");
        }
        return true;
    }

    /** The preview with the script's guard allowances in place, used up as the real run would use them. */
    private GuardReport preview(String sql) throws SQLException {
        guard.clearOverride();
        if (nextRows != null) {
            guard.allowNext(nextRows, "SET guard.allow_rows in the script");
        }
        if (totalLeft >= 0) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET guard.allow_rows_total = " + totalLeft);
            }
        }
        try {
            GuardReport report = guard.decide(sql); // the real run's decision, by the driver's own path
            if (!report.assessments().isEmpty()) {
                nextRows = null; // a guarded statement uses the override up, whatever the decision
            }
            return report;
        } finally {
            guard.clearOverride();
        }
    }

    private void restart() {
        try {
            connection.rollback();
            for (String sql : session) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }
        } catch (SQLException ignored) {
            // the statements after it report their own errors
        }
    }

    private int verdict(List<String> stopped, int errors, int total) {
        if (stopped.isEmpty() && errors == 0) {
            out.println("dry run: no statement would be stopped");
            return ExitCodes.ALLOWED;
        }
        if (!stopped.isEmpty()) {
            out.println("dry run: " + RunCommand.plural(stopped.size(), "statement") + " of " + total
                    + " would be stopped: " + String.join("; ", stopped));
        }
        if (errors > 0) {
            out.println("dry run: " + RunCommand.plural(errors, "statement") + " could not be checked");
            return ExitCodes.USAGE_OR_ERROR;
        }
        return ExitCodes.STOPPED;
    }
}

package dev.cascadeguard.driver;

import dev.cascadeguard.driver.estimate.EstimateException;
import dev.cascadeguard.driver.estimate.Estimator;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The estimate side of a connection's guard: turns parsed destructive statements into assessments, on the
 * connection's own schema and graph. Estimate failures never escape as exceptions: they become
 * {@link Assessment.Unverifiable}, for {@code guard.onEstimateError} to decide. Knows what a guard must do
 * about names the shared graph cannot know: tables newer than the graph (reload once), DROP lists naming
 * tables that are not there, and the session's temporary tables.
 */
final class StatementAssessor {

    private static final int MAX_PROBLEM_CHARS = 300;

    private final Connection real;
    private final DatabaseGuard database;
    private final GuardSettings settings;
    /** The current schema as last read; checked by every counting query where reading it costs a round trip. */
    private String knownSchema;

    StatementAssessor(Connection real, DatabaseGuard database, GuardSettings settings) {
        this.real = real;
        this.database = database;
        this.settings = settings;
    }

    List<Assessment> assessAll(List<ParsedStatement.Destructive> statements, List<ParameterLog> parameterSets,
                                       long cap, String schema) {
        List<Assessment> assessments = new ArrayList<>();
        for (ParameterLog parameters : parameterSets) {
            for (ParsedStatement.Destructive statement : statements) {
                assessments.addAll(assess(statement, parameters, cap, schema));
            }
        }
        return assessments;
    }

    static boolean anyCapped(List<Assessment> assessments) {
        return assessments.stream().anyMatch(a -> a instanceof Assessment.Estimated e
                && e.report().effects().stream().anyMatch(TableEffect::capped));
    }

    /** The schema unqualified names resolve to; null when it cannot be read (the estimate then fails closed). */
    String currentSchema() {
        if (knownSchema != null && database.dialect().currentSchemaExpression() != null) {
            return knownSchema;
        }
        try {
            knownSchema = database.dialect().currentSchema(real);
            return knownSchema;
        } catch (SQLException e) {
            return null;
        }
    }

    List<Assessment> assess(ParsedStatement.Destructive statement, ParameterLog parameters, long cap,
                                    String schema) {
        if (statement instanceof ParsedStatement.Unparseable u) {
            return List.of(new Assessment.Unverifiable(u.sql(), u.kind(), u.problem()));
        }
        try {
            try {
                return estimate(statement, parameters, cap, schema, true);
            } catch (Estimator.SchemaChangedException changed) {
                knownSchema = null; // a SET search_path or USE since it was read: once more, in the schema of now
                return estimate(statement, parameters, cap, currentSchema(), true);
            }
        } catch (EstimateException e) {
            return List.of(new Assessment.Unverifiable(statement.sql(), statement.kind(), shorten(e.getMessage())));
        } catch (SQLException | RuntimeException e) {
            return List.of(new Assessment.Unverifiable(statement.sql(), statement.kind(),
                    "counting the affected rows failed: " + shorten(String.valueOf(e.getMessage()))));
        }
    }

    private List<Assessment> estimate(ParsedStatement.Destructive statement, ParameterLog parameters, long cap,
                                      String schema, boolean retryUnknown) throws SQLException, EstimateException {
        if (schema == null) {
            throw new EstimateException("the connection's current schema could not be read");
        }
        Estimator.Request request = new Estimator.Request(database.graph(real), parameters, cap,
                (int) Math.min(Integer.MAX_VALUE, settings.estimateTimeoutMs()), schema, cap != Estimator.EXACT);
        try {
            return estimated(statement, request, null);
        } catch (Estimator.UnknownTableException unknown) {
            if (retryUnknown) {
                // the table may be newer than the cached graph (created by another connection or tool)
                database.invalidate();
                return estimate(statement, parameters, cap, schema, false);
            }
            if (statement instanceof ParsedStatement.Drop drop) {
                return estimateKnownNames(drop, parameters, cap, schema, request);
            }
            List<Assessment> temporary = estimateTemporary(statement, request);
            if (temporary != null) {
                return temporary;
            }
            throw unknown;
        }
    }

    /**
     * A DROP naming tables the shared graph (just reloaded) does not have. Each such name is the session's temporary
     * table (counted on a graph of its own), a table where the graph cannot see (fails closed: MariaDB's other
     * databases, SQLite's attached ones), or not there at all (DROP ... IF EXISTS: nothing to drop, and the report
     * says so). The names the graph does know are counted as usual.
     */
    private List<Assessment> estimateKnownNames(ParsedStatement.Drop drop, ParameterLog parameters, long cap,
                                                String schema, Estimator.Request request)
            throws SQLException, EstimateException {
        List<TableName> known = new ArrayList<>();
        List<String> knownAsWritten = new ArrayList<>();
        List<TableInfo> temporary = new ArrayList<>();
        List<TableName> temporaryNames = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < drop.names().size(); i++) {
            TableName name = drop.names().get(i);
            if (!drop.dropsTables() || database.dialect().resolve(name, schema, request.graph()) != null) {
                known.add(name);
                knownAsWritten.add(drop.written().get(i));
                continue;
            }
            TableId temp = database.dialect().temporaryTable(real, name);
            if (temp != null) {
                temporary.add(new TableInfo(temp, List.of(), Map.of(), false));
                temporaryNames.add(new TableName(null, temp.name(), true));
            } else if (name.schema() != null && !database.dialect().graphCoversAllSchemas()
                    && !name.schema().equals(schema)) {
                // the graph holds the current schema only, so "not there" is unknown, not proven
                throw new EstimateException("DROP of " + name + ": the guard counts the tables of the connection's "
                        + "own " + (database.dialect().dropDatabaseIsSchema() ? "database" : "schema") + " ("
                        + schema + ") only");
            } else {
                missing.add(name.toString());
            }
        }
        String note = missing.isEmpty() ? null : "no such table, nothing to drop: " + String.join(", ", missing);
        List<Assessment> result = new ArrayList<>();
        if (!known.isEmpty()) {
            result.addAll(estimated(new ParsedStatement.Drop(drop.sql(), drop.objectType(), known, drop.cascade(),
                    knownAsWritten), request, note));
            note = null;
        }
        if (!temporary.isEmpty()) {
            var own = new FkGraph(temporary, List.of());
            result.addAll(estimated(new ParsedStatement.Drop(drop.sql(), drop.objectType(), temporaryNames,
                    drop.cascade()), request.inSchema(own, temporary.get(0).id().schema()), note == null
                    ? "temporary tables of this session" : note + "; temporary tables of this session"));
            note = null;
        }
        if (note != null) {
            result.add(new Assessment.Estimated(new CascadeReport(drop.sql(), drop.kind(),
                    drop.names().isEmpty() ? drop.objectType() : drop.names().get(0).toString(), false,
                    List.of(), List.of(note))));
        }
        return result;
    }

    /**
     * A DELETE or TRUNCATE of this session's temporary tables: they are not in the shared graph (they are private to
     * the session and can reference only each other), so they are counted on a graph of just themselves.
     */
    private List<Assessment> estimateTemporary(ParsedStatement.Destructive statement, Estimator.Request request)
            throws SQLException, EstimateException {
        List<TableName> names = List.of();
        if (statement instanceof ParsedStatement.Delete d) {
            names = d.targets().stream().map(ParsedStatement.DeleteTarget::table).toList();
        } else if (statement instanceof ParsedStatement.Truncate t) {
            names = t.tables();
        }
        List<TableInfo> tables = new ArrayList<>();
        for (var name : names) {
            TableId id = database.dialect().temporaryTable(real, name);
            if (id == null) {
                return null;
            }
            tables.add(new TableInfo(id, List.of(), Map.of(), false));
        }
        if (tables.isEmpty()) {
            return null;
        }
        var own = new FkGraph(tables, List.of());
        // resolved in the temporary tables' own schema (pg_temp_N, SQLite's "temp"), named there without it
        return estimated(statement, request.inSchema(own, tables.get(0).id().schema()),
                "a temporary table of this session: cascades between temporary tables are not predicted");
    }

    /** The statement counted under {@code request}, each report with {@code note} added (when not null). */
    private List<Assessment> estimated(ParsedStatement.Destructive statement, Estimator.Request request, String note)
            throws SQLException, EstimateException {
        List<Assessment> result = new ArrayList<>();
        for (CascadeReport r : database.estimator().estimate(real, statement, request)) {
            if (note != null) {
                List<String> notes = new ArrayList<>(r.notes());
                notes.add(note);
                r = new CascadeReport(r.sql(), r.kind(), r.target(), r.hasWhere(), r.effects(), notes, r.failures());
            }
            result.add(new Assessment.Estimated(r));
        }
        return result;
    }

    private static String shorten(String message) {
        String firstLine = message.strip().lines().findFirst().orElse("");
        return firstLine.length() <= MAX_PROBLEM_CHARS ? firstLine : firstLine.substring(0, MAX_PROBLEM_CHARS) + "…";
    }
}

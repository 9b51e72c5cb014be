package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlanner;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.report.CascadeReport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The estimate stage: from a parsed destructive statement and the foreign-key graph, counts on the user's own
 * connection what the statement would delete or change, and returns the report the rules decide on.
 */
public final class Estimator {

    private final Dialect dialect;

    public Estimator(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * What a request to estimate needs besides the statement.
     *
     * @param cap           stop counting a table at this many rows ({@link #EXACT} to count every row)
     * @param timeoutMs     the counting query's time limit, 0 for none
     * @param currentSchema the schema unqualified names resolve to (tables in it are named without schema)
     * @param lowerBoundsFail true when a count that can only be a lower bound (a cycle of cascades deeper than the
     *                      guard follows) must fail the estimate instead of being reported: a rule could otherwise
     *                      let through a statement whose real count is over its threshold
     * @param checkSchema   true when the counting query must confirm the session's current schema is still
     *                      {@code currentSchema} (false when names were resolved in another schema on purpose)
     */
    public record Request(FkGraph graph, ParameterLog parameters, long cap, int timeoutMs, String currentSchema,
                          boolean lowerBoundsFail, boolean checkSchema) {
        public Request(FkGraph graph, ParameterLog parameters, long cap, int timeoutMs, String currentSchema,
                       boolean lowerBoundsFail) {
            this(graph, parameters, cap, timeoutMs, currentSchema, lowerBoundsFail, true);
        }

        public Request(FkGraph graph, ParameterLog parameters, long cap, int timeoutMs, String currentSchema) {
            this(graph, parameters, cap, timeoutMs, currentSchema, false, true);
        }

        /** The same request over another graph, resolving names in {@code schema}, which is not the session's. */
        public Request inSchema(FkGraph otherGraph, String schema) {
            return new Request(otherGraph, parameters, cap, timeoutMs, schema, lowerBoundsFail, false);
        }
    }

    public static final long EXACT = CountQueryBuilder.UNBOUNDED;

    /** One report per table the statement names (one, except for multi-table DELETE, TRUNCATE and DROP lists). */
    public List<CascadeReport> estimate(Connection connection, ParsedStatement.Destructive statement, Request request)
            throws SQLException, EstimateException {
        if (statement instanceof ParsedStatement.Delete delete) {
            boolean enforced = dialect.foreignKeysEnforced(connection);
            List<CascadeReport> reports = new ArrayList<>();
            for (ParsedStatement.DeleteTarget target : delete.targets()) {
                TableId table = resolve(target.table(), request);
                CascadePlan plan = CascadePlanner.plan(request.graph(), table, enforced);
                CountQuery query = CountQueryBuilder.forDelete(plan, delete, target, request.graph(), dialect, request.cap());
                Counts counts = count(connection, query, request);
                reports.add(new ReportAssembler(request, dialect).assemble(delete, display(table, request), plan,
                        query, counts));
            }
            return reports;
        }
        if (statement instanceof ParsedStatement.Truncate truncate) {
            List<TableId> tables = resolveAll(truncate.tables(), request);
            CountQuery query = WholeTableCounts.build(tables, truncate.cascade(), !truncate.cascade(), request.graph(),
                    dialect, request.cap());
            return List.of(new ReportAssembler(request, dialect).assembleWholeTables(truncate,
                    display(tables.get(0), request), query, count(connection, query, request)));
        }
        if (statement instanceof ParsedStatement.Drop drop) {
            List<TableId> tables = drop.dropsTables() ? resolveAll(drop.names(), request) : tablesOfDrop(drop, request);
            String target = drop.names().isEmpty() ? drop.objectType() : drop.names().get(0).toString();
            if (tables.isEmpty()) {
                return List.of(new ReportAssembler(request, dialect).assembleWholeTables(drop, target,
                        new CountQuery("", List.of(), List.of(), "", List.of()), Counts.NONE));
            }
            CountQuery query = WholeTableCounts.build(tables, false, drop.dropsTables() && !drop.cascade(),
                    request.graph(), dialect, request.cap());
            return List.of(new ReportAssembler(request, dialect).assembleWholeTables(drop,
                    drop.dropsTables() ? display(tables.get(0), request) : target, query,
                    count(connection, query, request)));
        }
        throw new EstimateException("the guard cannot check this statement: "
                + ((ParsedStatement.Unparseable) statement).problem());
    }

    /** DROP SCHEMA takes every table in it; other objects (views, indexes, sequences) hold no rows. */
    private List<TableId> tablesOfDrop(ParsedStatement.Drop drop, Request request) {
        List<TableId> tables = new ArrayList<>();
        if ("SCHEMA".equals(drop.objectType()) || "DATABASE".equals(drop.objectType())) {
            for (TableName name : drop.names()) {
                request.graph().tables().stream()
                        .filter(t -> t.id().schema().equalsIgnoreCase(name.name()))
                        .forEach(t -> tables.add(t.id()));
            }
        }
        return tables;
    }

    /**
     * The rows of each item of a counting query.
     *
     * @param plannerEstimate true when counting timed out and the planner's estimates stand in (not exact)
     */
    record Counts(long[] rows, boolean plannerEstimate) {
        static final Counts NONE = new Counts(new long[0], false);
    }

    private Counts count(Connection connection, CountQuery query, Request request)
            throws SQLException, EstimateException {
        if (query.items().isEmpty()) {
            return Counts.NONE;
        }
        String schemaExpression = dialect.currentSchemaExpression();
        CountQuery checked = schemaExpression == null || request.currentSchema() == null || !request.checkSchema() ? query
                : query.withSchemaCheck(schemaExpression, request.currentSchema());
        try {
            return new Counts(CountRunner.run(connection, checked, request.parameters(), request.timeoutMs(),
                    dialect.countingSettings(connection), dialect.batchesStatements()), false);
        } catch (CountRunner.TimedOut timedOut) {
            String problem = "counting the affected rows took longer than guard.estimateTimeoutMs ("
                    + request.timeoutMs() + " ms)";
            if (dialect.explainQuery("SELECT 1") == null) {
                throw new EstimateException(problem + ", and " + dialect.name() + " gives no row estimates",
                        timedOut.getCause());
            }
            try {
                long[] estimates = CountRunner.explain(connection, query, request.parameters(), dialect,
                        request.timeoutMs());
                for (long e : estimates) {
                    if (e < 0) {
                        throw new EstimateException(problem + ", and the planner gave no estimate");
                    }
                }
                return new Counts(estimates, true);
            } catch (CountRunner.TimedOut again) {
                throw new EstimateException(problem + ", and so did asking the planner", again.getCause());
            }
        }
    }

    private List<TableId> resolveAll(List<TableName> names, Request request) throws EstimateException {
        List<TableId> ids = new ArrayList<>();
        for (TableName n : names) {
            ids.add(resolve(n, request));
        }
        return ids;
    }

    private TableId resolve(TableName name, Request request) throws EstimateException {
        TableId id = dialect.resolve(name, request.currentSchema(), request.graph());
        if (id == null) {
            throw new UnknownTableException(name);
        }
        return id;
    }

    static String display(TableId table, Request request) {
        return table.schema().equals(request.currentSchema()) ? table.name() : table.schema() + "." + table.name();
    }

    /**
     * The connection's current schema is no longer the one the statement's table names were resolved in (a
     * {@code SET search_path} or {@code USE} since it was cached): the caller re-reads it and retries.
     */
    public static final class SchemaChangedException extends EstimateException {
        private static final long serialVersionUID = 1L;

        SchemaChangedException() {
            super("the connection's current schema changed while the guard was checking the statement");
        }
    }

    /** A statement names a table the cached graph does not know: the caller may reload the graph and retry. */
    public static final class UnknownTableException extends EstimateException {
        private static final long serialVersionUID = 1L;

        UnknownTableException(TableName name) {
            super("table " + name + " is not in the database's catalog");
        }
    }
}

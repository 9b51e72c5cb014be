package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DroppedObjects;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.Identifiers;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlanner;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.report.CascadeReport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        if (statement instanceof ParsedStatement.DropColumns drop) {
            return List.of(dropColumns(connection, drop, request));
        }
        if (statement instanceof ParsedStatement.Drop drop) {
            return List.of(drop(connection, drop, request));
        }
        throw new EstimateException("the guard cannot check this statement: "
                + ((ParsedStatement.Unparseable) statement).problem());
    }

    private CascadeReport drop(Connection connection, ParsedStatement.Drop drop, Request request)
            throws SQLException, EstimateException {
        String type = drop.objectType();
        String target = drop.names().isEmpty() ? type : drop.names().get(0).toString();
        Set<TableId> tables = new LinkedHashSet<>(switch (type) {
            case "TABLE" -> resolveAll(drop.names(), request);
            case "SCHEMA", "DATABASE", "ALL OBJECTS" -> tablesOfDrop(drop, request);
            default -> List.<TableId>of();
        });
        DroppedObjects with = dialect.droppedWith(connection, type, drop.written(), drop.cascade())
                .orElseThrow(() -> new EstimateException("DROP " + type + " ... CASCADE may drop tables or columns "
                        + "along dependencies the guard does not follow on " + dialect.name()));
        tables.addAll(with.tables());
        Map<TableId, List<String>> columns = new LinkedHashMap<>(with.columns());
        tables.forEach(columns::remove);
        if (tables.isEmpty() && columns.isEmpty()) {
            return rowless(drop, target, switch (type) {
                case "SCHEMA", "DATABASE" -> "no tables in " + String.join(", ", drop.written());
                case "ALL OBJECTS" -> "the database holds no tables";
                case "TYPE", "DOMAIN", "EXTENSION" -> drop.cascade() ? "no table or column depends on it"
                        : "without CASCADE it drops no table column (the database refuses while one uses it)";
                default -> "a " + type.toLowerCase(Locale.ROOT) + " holds no rows of its own"
                        + (drop.cascade() ? ", and no table or column depends on it" : "");
            });
        }
        // a plain DROP TABLE fails while other tables reference it; CASCADE (or a schema's drop) only drops the keys
        boolean referencesFail = "TABLE".equals(type) && !drop.cascade();
        CountQuery whole = WholeTableCounts.build(List.copyOf(tables), false, referencesFail, request.graph(),
                dialect, request.cap());
        CountQuery query = whole.followedBy(ColumnDrops.build(columns, dialect, request.cap(), whole.items().size()));
        String shown = "TABLE".equals(type) && !drop.names().isEmpty()
                ? display(resolve(drop.names().get(0), request), request) : target;
        return new ReportAssembler(request, dialect).assembleWholeTables(drop, shown, query,
                count(connection, query, request));
    }

    /** A report of a statement that destroys no rows, saying why nothing was counted. */
    private static CascadeReport rowless(ParsedStatement.Destructive statement, String target, String why) {
        return new CascadeReport(statement.sql(), statement.kind(), target, false, List.of(),
                List.of("nothing to count: " + why));
    }

    private CascadeReport dropColumns(Connection connection, ParsedStatement.DropColumns drop, Request request)
            throws SQLException, EstimateException {
        TableId table = resolve(drop.table(), request);
        List<String> dropped = drop.ifExists() ? existingColumns(connection, table, drop.columns()) : drop.columns();
        if (dropped.isEmpty()) {
            return rowless(drop, display(table, request), "the table has no such column");
        }
        CountQuery query = ColumnDrops.build(Map.of(table, dropped), dialect, request.cap(), 0);
        return new ReportAssembler(request, dialect).assembleWholeTables(drop, display(table, request), query,
                count(connection, query, request));
    }

    /**
     * Of {@code columns} as written, those the table has ({@code DROP COLUMN IF EXISTS} may name others). A quoted
     * name matches exactly; an unquoted one as the database folds it (upper or lower case), or in any case where
     * column names ignore case (MariaDB, SQLite).
     */
    private List<String> existingColumns(Connection connection, TableId table, List<String> columns)
            throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.qualified(table) + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                present.add(meta.getColumnName(i));
            }
        }
        List<String> existing = new ArrayList<>();
        for (String written : columns) {
            String name = Identifiers.unquote(written);
            boolean found = Identifiers.isQuoted(written) ? present.contains(name)
                    : present.contains(name.toLowerCase(Locale.ROOT)) || present.contains(name.toUpperCase(Locale.ROOT))
                    || dialect.columnNamesIgnoreCase() && present.stream().anyMatch(name::equalsIgnoreCase);
            if (found) {
                existing.add(written);
            }
        }
        return existing;
    }

    /**
     * DROP SCHEMA / DATABASE takes every table in it, H2's DROP ALL OBJECTS every table there is. Where the graph
     * holds only the current schema (MariaDB), another schema's tables cannot be counted: that fails closed.
     */
    private List<TableId> tablesOfDrop(ParsedStatement.Drop drop, Request request) throws EstimateException {
        List<TableId> tables = new ArrayList<>();
        if ("ALL OBJECTS".equals(drop.objectType())) {
            request.graph().tables().forEach(t -> tables.add(t.id()));
            return tables;
        }
        if ("DATABASE".equals(drop.objectType()) && !dialect.dropDatabaseIsSchema()) {
            throw new EstimateException("DROP DATABASE removes another database, whose rows this connection cannot "
                    + "count");
        }
        for (TableName name : drop.names()) {
            if (!dialect.graphCoversAllSchemas() && !name.name().equals(request.currentSchema())) {
                // exact: on a case-sensitive MariaDB, Shop and shop are two databases
                throw new EstimateException("DROP " + drop.objectType() + " " + name + ": the guard counts the rows "
                        + "of the connection's own database (" + request.currentSchema() + ") only");
            }
            request.graph().tables().stream()
                    .filter(t -> sameSchema(name, t.id().schema()))
                    .forEach(t -> tables.add(t.id()));
        }
        return tables;
    }

    /**
     * Whether a schema name as written names the catalog's {@code schema}: exactly where the graph holds one schema
     * (MariaDB, whose database names may be case-sensitive); elsewhere a quoted name exactly and an unquoted one as
     * PostgreSQL (lower case) or H2 (upper case) folds it.
     */
    boolean sameSchema(TableName written, String schema) {
        if (written.quoted() || !dialect.graphCoversAllSchemas()) {
            return written.name().equals(schema);
        }
        return written.name().equals(schema) || written.name().toLowerCase(Locale.ROOT).equals(schema)
                || written.name().toUpperCase(Locale.ROOT).equals(schema);
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

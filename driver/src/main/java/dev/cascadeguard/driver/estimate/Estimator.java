package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.bind.BoundStatement;
import dev.cascadeguard.driver.bind.Scope;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.dialect.DroppedObjects;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.Identifiers;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlanner;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.dialect.UniqueKeys;
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
import java.util.Optional;
import java.util.Set;

/**
 * The estimate stage: from a statement whose names are bound ({@link BoundStatement}), counts on the user's own
 * connection what the statement would delete or change, and returns the report the rules decide on. One per
 * guarded connection.
 */
public final class Estimator {

    private final DialectSession session;
    private final Dialect dialect;
    private final UniqueKeyCache uniqueKeys = new UniqueKeyCache();

    public Estimator(DialectSession session) {
        this.session = session;
        this.dialect = session.dialect();
    }

    /**
     * What a request to estimate needs besides the statement.
     *
     * @param cap             stop counting a table at this many rows ({@link #EXACT} to count every row)
     * @param timeoutMs       the counting query's time limit, 0 for none
     * @param lowerBoundsFail true when a count that can only be a lower bound (a cycle of cascades deeper than the
     *                        guard follows) must fail the estimate instead of being reported: a rule could otherwise
     *                        let through a statement whose real count is over its threshold
     */
    public record Request(ParameterLog parameters, long cap, int timeoutMs, boolean lowerBoundsFail) {
    }

    public static final long EXACT = CountQueryBuilder.UNBOUNDED;

    /**
     * One report per table the statement names (one, except for multi-table DELETE, TRUNCATE and DROP lists), each
     * with the binding's notes added.
     */
    public List<CascadeReport> estimate(BoundStatement bound, Request request) throws SQLException, EstimateException {
        List<CascadeReport> reports;
        if (bound instanceof BoundStatement.Delete delete) {
            reports = withForeignKeySwitch(enforced -> delete(delete, request, enforced));
        } else if (bound instanceof BoundStatement.Replace replace) {
            reports = withForeignKeySwitch(enforced -> replace(replace, request, enforced));
        } else if (bound instanceof BoundStatement.Truncate truncate) {
            reports = withForeignKeySwitch(enforced -> List.of(truncate(truncate, request, enforced)));
        } else if (bound instanceof BoundStatement.DropColumns drop) {
            reports = List.of(dropColumns(drop, request));
        } else if (bound instanceof BoundStatement.Update update) {
            reports = withForeignKeySwitch(enforced -> {
                UpdateCounts counts = UpdateCounts.plan(dialect, update,
                        lockingReads() ? dialect.lockingRead().orElse("") : "");
                Counts rows = count(counts.query(), update.scope(), request, enforced);
                if (rows.plannerEstimate()) {
                    throw new EstimateException("counting the rows an UPDATE of a referenced key changes took longer "
                            + "than guard.estimateTimeoutMs (" + request.timeoutMs() + " ms)");
                }
                counts.refuseIfNotCounted(rows.rows());
                return List.of(counts.report(rows.rows(), enforced));
            });
        } else if (bound instanceof BoundStatement.Drop drop) {
            reports = withForeignKeySwitch(enforced -> List.of(drop(drop, request, enforced)));
        } else {
            ParsedStatement.Drop drop = ((BoundStatement.NothingToDrop) bound).statement();
            reports = List.of(new CascadeReport(drop.sql(), drop.kind(), drop.names().isEmpty() ? drop.objectType()
                    : drop.names().get(0).toString(), false, List.of(), List.of()));
        }
        if (bound.notes().isEmpty()) {
            return reports;
        }
        List<CascadeReport> noted = new ArrayList<>();
        for (CascadeReport r : reports) {
            List<String> notes = new ArrayList<>(r.notes());
            notes.addAll(bound.notes());
            noted.add(new CascadeReport(r.sql(), r.kind(), r.target(), r.hasWhere(), r.effects(), notes, r.failures(),
                    r.foreignKeyChecks()));
        }
        return noted;
    }

    /** An estimate that rests on whether the connection enforces foreign keys. */
    @FunctionalInterface
    private interface Planned {
        List<CascadeReport> estimate(boolean enforced) throws SQLException, EstimateException;
    }

    /**
     * {@code planned} with the foreign-key switch as the session knows it, which the count confirms in its own
     * round trip where the dialect can ({@link #count(CountQuery, Scope, Request, boolean)}).
     */
    private List<CascadeReport> withForeignKeySwitch(Planned planned) throws SQLException, EstimateException {
        try {
            return planned.estimate(session.foreignKeysEnforced());
        } catch (ForeignKeysSwitchedException switched) {
            // the switch changed behind the driver's back (a SET in a procedure, a pool's reset): plan again with
            // what the count saw; a second change within two round trips fails the estimate
            return planned.estimate(session.foreignKeysSwitched());
        }
    }

    private List<CascadeReport> delete(BoundStatement.Delete bound, Request request, boolean enforced)
            throws SQLException, EstimateException {
        ParsedStatement.Delete delete = bound.statement();
        Scope scope = bound.scope();
        if (bound.throughView() != null) {
            // counted on the base table; whether the statement had a WHERE is the statement's as written
            // (guard.deleteWithoutWhere: a DELETE of every row a view shows has none)
            boolean hasWhere = bound.throughView().hasWhere();
            return delete(new BoundStatement.Delete(delete, bound.targets(), scope, bound.notes()), request, enforced)
                    .stream().map(r -> new CascadeReport(r.sql(), r.kind(), r.target(), hasWhere, r.effects(),
                            r.notes(), r.failures(), r.foreignKeyChecks())).toList();
        }
        if (delete.targets().size() > 1) {
            List<JointDelete.Part> parts = new ArrayList<>();
            for (int i = 0; i < delete.targets().size(); i++) {
                parts.add(new JointDelete.Part(delete, delete.targets().get(i), bound.targets().get(i)));
            }
            Optional<CascadeReport> joint = jointly(parts, delete, scope, request, List.of(), enforced);
            if (joint.isPresent()) {
                return List.of(joint.get());
            }
        }
        List<CascadeReport> reports = new ArrayList<>();
        for (int i = 0; i < delete.targets().size(); i++) {
            TableId table = bound.targets().get(i);
            CascadePlan plan = CascadePlanner.plan(scope.graph(), table, enforced);
            CountQuery query = CountQueryBuilder.forDelete(plan, delete, delete.targets().get(i), scope.graph(),
                    dialect, request.cap(), lockingReads());
            Counts counts = count(query, scope, request, enforced);
            if (LimitedTargets.choiceMatters(delete, delete.targets().get(i), plan, scope.graph().table(table))) {
                requireUnambiguousLimit(delete, table, scope, request, query, counts);
            }
            reports.add(new ReportAssembler(request, scope, dialect).assemble(delete, scope.display(table), plan,
                    query, counts));
        }
        return reports;
    }

    /** A REPLACE counted as the DELETE of the rows its new rows conflict with ({@link ReplaceSeeds}). */
    private List<CascadeReport> replace(BoundStatement.Replace bound, Request request, boolean enforced)
            throws SQLException, EstimateException {
        UniqueKeys keys = uniqueKeys.of(session.connection(), dialect, bound.scope().graph(), bound.table());
        ParsedStatement.Delete delete = ReplaceSeeds.asDelete(bound.statement(), bound.table(), keys, dialect);
        return ReplaceSeeds.relabel(delete(new BoundStatement.Delete(delete, List.of(bound.table()), bound.scope(),
                List.of()), request, enforced), dialect);
    }

    /**
     * The DELETEs of a batch (or of one multi-statement string), each with its own parameters, counted as one
     * delete from the union of their target rows: a row that several statements remove, one directly and another
     * through a cascade, counts once. Empty when they cannot be counted together (then each is counted on its own).
     */
    public Optional<CascadeReport> estimateJointly(List<BoundStatement.Delete> statements, List<ParameterLog> logs,
                                                   Request request) throws SQLException, EstimateException {
        List<JointDelete.Part> parts = new ArrayList<>();
        ParsedStatement.Delete shown = statements.get(0).statement();
        int offset = 0;
        for (int k = 0; k < statements.size(); k++) {
            BoundStatement.Delete bound = statements.get(k);
            ParsedStatement.Delete shifted = JointDelete.shifted(bound.statement(), offset);
            for (int i = 0; i < shifted.targets().size(); i++) {
                parts.add(new JointDelete.Part(shifted, shifted.targets().get(i), bound.targets().get(i)));
            }
            if (!bound.statement().hasWhere() && shown.hasWhere()) {
                shown = bound.statement(); // the deleteWithoutWhere rule must see the batch's DELETE without WHERE
            }
            offset += JointDelete.width(logs.get(k));
        }
        Request joint = new Request(JointDelete.joined(logs), request.cap(), request.timeoutMs(),
                request.lowerBoundsFail());
        List<String> notes = new ArrayList<>();
        notes.add("counted together with the other " + (statements.size() - 1) + " statement(s) of the batch: a row "
                + "several of them remove counts once");
        statements.forEach(s -> notes.addAll(s.notes()));
        return jointly(parts, shown, statements.get(0).scope(), joint, notes, session.foreignKeysEnforced());
    }

    private Optional<CascadeReport> jointly(List<JointDelete.Part> parts, ParsedStatement.Delete shown, Scope scope,
                                            Request request, List<String> notes, boolean enforced)
            throws SQLException, EstimateException {
        if (!enforced) {
            // with foreign keys off each statement's rows left pointing at nothing (ORPHAN) are counted on their own,
            // so that guard.sqliteForeignKeysOff sees them: a batch must not be a way around it
            return Optional.empty();
        }
        JointDelete.Joint joint;
        try {
            joint = JointDelete.build(parts, scope.graph(), dialect, request.cap(), enforced,
                    lockingReads());
        } catch (EstimateException notTogether) {
            return Optional.empty();
        }
        Counts counts = count(joint.query(), scope, request, enforced);
        CascadeReport r = new ReportAssembler(request, scope, dialect).assemble(shown,
                scope.display(joint.plan().target()), joint.plan(), joint.query(), counts);
        if (notes.isEmpty()) {
            return Optional.of(r);
        }
        List<String> all = new ArrayList<>(r.notes());
        all.addAll(notes);
        return Optional.of(new CascadeReport(r.sql(), r.kind(), r.target(), r.hasWhere(), r.effects(), all,
                r.failures(), r.foreignKeyChecks()));
    }

    /**
     * True inside a transaction: the counting query then reads as the DELETE will, the latest committed rows
     * ({@link Dialect#lockingRead}), not the transaction's snapshot. Autocommit needs nothing: the count and the
     * DELETE each read what is committed when they run. {@code getAutoCommit} is the driver's own state.
     */
    private boolean lockingReads() throws SQLException {
        return dialect.lockingRead().isPresent() && !session.connection().getAutoCommit();
    }

    /**
     * A LIMIT whose rows are the server's choice (see {@link LimitedTargets}) is exact only when it chooses nothing:
     * the WHERE matches no more rows than the target count. Otherwise what cascades depends on rows no SELECT can
     * be sure to pick as the DELETE will, and the estimate fails rather than count other rows' cascades.
     */
    private void requireUnambiguousLimit(ParsedStatement.Delete delete, TableId table, Scope scope, Request request,
                                         CountQuery query, Counts counts) throws SQLException, EstimateException {
        long kept = -1;
        for (int item = 0; item < query.items().size(); item++) {
            if (query.items().get(item).kind() == CountQuery.ItemKind.STATEMENT_ROWS) {
                kept = counts.rows()[item];
                break;
            }
        }
        // one row past the kept ones is enough to know there was a choice (and locks no more than that)
        long enough = kept < 0 || kept >= request.cap() - 1 ? request.cap() : kept + 1;
        long matching = count(LimitedTargets.candidates(delete, table, dialect, enough, lockingReads()), scope,
                request).rows()[0];
        if (kept < 0 || counts.plannerEstimate() || matching > kept) {
            throw new EstimateException("DELETE ... LIMIT keeps " + Math.max(kept, 0) + " of more rows of "
                    + scope.display(table) + " that its WHERE matches, and which ones is " + dialect.name()
                    + "'s choice unless the ORDER BY includes the primary key; what cascades depends on that choice");
        }
    }

    private CascadeReport truncate(BoundStatement.Truncate bound, Request request, boolean enforced)
            throws SQLException, EstimateException {
        ParsedStatement.Truncate truncate = bound.statement();
        Scope scope = bound.scope();
        // with foreign keys off a TRUNCATE of a referenced table succeeds (MariaDB): the references are left dangling
        CountQuery whole = WholeTableCounts.build(bound.tables(), truncate.cascade(), !truncate.cascade() && enforced,
                scope.graph(), dialect, request.cap());
        CountQuery query = enforced ? whole : whole.followedBy(OrphanCounts.forWholeTables(whole.items().stream()
                .map(CountQuery.Item::table).toList(), scope.graph(), dialect, request.cap(), whole.items().size()));
        return new ReportAssembler(request, scope, dialect).assembleWholeTables(truncate,
                scope.display(bound.tables().get(0)), query, count(query, scope, request, enforced), enforced);
    }

    private CascadeReport drop(BoundStatement.Drop bound, Request request, boolean enforced)
            throws SQLException, EstimateException {
        ParsedStatement.Drop drop = bound.statement();
        Scope scope = bound.scope();
        String type = drop.objectType();
        String target = drop.names().isEmpty() ? type : drop.names().get(0).toString();
        Set<TableId> tables = new LinkedHashSet<>(bound.tables());
        DroppedObjects with = session.droppedWith(type, drop.written(), drop.cascade())
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
        // a plain DROP TABLE fails while other tables reference it; CASCADE (or a schema's drop) only drops the keys.
        // With foreign keys off it drops the table and leaves the references dangling (SQLite then runs no
        // implicit DELETE either)
        boolean referencesFail = "TABLE".equals(type) && !drop.cascade() && enforced;
        CountQuery whole = WholeTableCounts.build(List.copyOf(tables), false, referencesFail, scope.graph(),
                dialect, request.cap());
        CountQuery query = whole.followedBy(ColumnDrops.build(columns, dialect, request.cap(), whole.items().size()));
        if (!enforced) {
            query = query.followedBy(OrphanCounts.forWholeTables(tables, scope.graph(), dialect, request.cap(),
                    query.items().size()));
        }
        String shown = "TABLE".equals(type) && !bound.tables().isEmpty() ? scope.display(bound.tables().get(0)) : target;
        return new ReportAssembler(request, scope, dialect).assembleWholeTables(drop, shown, query,
                count(query, scope, request, enforced), enforced);
    }

    /** A report of a statement that destroys no rows, saying why nothing was counted. */
    private static CascadeReport rowless(ParsedStatement.Destructive statement, String target, String why) {
        return new CascadeReport(statement.sql(), statement.kind(), target, false, List.of(),
                List.of("nothing to count: " + why));
    }

    private CascadeReport dropColumns(BoundStatement.DropColumns bound, Request request)
            throws SQLException, EstimateException {
        ParsedStatement.DropColumns drop = bound.statement();
        Scope scope = bound.scope();
        TableId table = bound.table();
        List<String> dropped = drop.ifExists() ? existingColumns(table, drop.columns()) : drop.columns();
        if (dropped.isEmpty()) {
            return rowless(drop, scope.display(table), "the table has no such column");
        }
        CountQuery query = ColumnDrops.build(Map.of(table, dropped), dialect, request.cap(), 0);
        return new ReportAssembler(request, scope, dialect).assembleWholeTables(drop, scope.display(table), query,
                count(query, scope, request));
    }

    /**
     * Of {@code columns} as written, those the table has ({@code DROP COLUMN IF EXISTS} may name others). A quoted
     * name matches exactly; an unquoted one as the database folds it (upper or lower case), or in any case where
     * column names ignore case (MariaDB, SQLite).
     */
    private List<String> existingColumns(TableId table, List<String> columns) throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement s = session.connection().createStatement();
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
     * The rows of each item of a counting query.
     *
     * @param plannerEstimate true when counting timed out and the planner's estimates stand in (not exact)
     */
    record Counts(long[] rows, boolean plannerEstimate) {
        static final Counts NONE = new Counts(new long[0], false);
    }

    /**
     * As {@link #count(CountQuery, Scope, Request)} for a plan that rests on the foreign-key switch being
     * {@code enforced}: where the dialect can, the count confirms it in the same round trip.
     */
    private Counts count(CountQuery query, Scope scope, Request request, boolean enforced)
            throws SQLException, EstimateException {
        Optional<String> expression = dialect.foreignKeysEnforcedExpression();
        boolean check = expression.isPresent() && !query.items().isEmpty();
        return count(check ? query.withForeignKeysCheck(expression.get(), enforced) : query, scope, request);
    }

    private Counts count(CountQuery query, Scope scope, Request request) throws SQLException, EstimateException {
        if (query.items().isEmpty()) {
            return Counts.NONE;
        }
        Optional<String> schemaExpression = dialect.currentSchemaExpression();
        // names bound in the session's schema must still be read there: a SET search_path since it was read is
        // caught in the count's own round trip
        CountQuery checked = schemaExpression.isEmpty() || !scope.sessionSchema() ? query
                : query.withSchemaCheck(schemaExpression.get(), scope.schema());
        Connection connection = session.connection();
        try {
            return new Counts(CountRunner.run(connection, checked, request.parameters(), request.timeoutMs(),
                    session.countingSettings().orElse(null), dialect.batchesStatements(),
                    dialect.failedStatementAbortsTransaction()), false);
        } catch (CountRunner.TimedOut timedOut) {
            String problem = "counting the affected rows took longer than guard.estimateTimeoutMs ("
                    + request.timeoutMs() + " ms)";
            Optional<Dialect.PlannerEstimates> planner = dialect.plannerEstimates();
            if (planner.isEmpty()) {
                throw new EstimateException(problem + ", and " + dialect.name() + " gives no row estimates",
                        timedOut.getCause());
            }
            try {
                long[] estimates = CountRunner.explain(connection, query, request.parameters(), planner.get(),
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

    /**
     * The connection's foreign-key switch is no longer what the plan assumed (MariaDB's {@code foreign_key_checks}
     * set since the guard last knew it): the estimator plans again with the other state.
     */
    public static final class ForeignKeysSwitchedException extends EstimateException {
        private static final long serialVersionUID = 1L;

        ForeignKeysSwitchedException() {
            super("the connection's foreign-key checks were switched while the guard was checking the statement");
        }
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
}

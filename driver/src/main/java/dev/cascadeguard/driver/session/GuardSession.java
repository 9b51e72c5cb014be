package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.act.Enforcer;
import dev.cascadeguard.driver.act.Listeners;
import dev.cascadeguard.driver.estimate.CountRunner;
import dev.cascadeguard.driver.estimate.Estimator;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.intercept.Execution;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.intercept.SessionControl;
import dev.cascadeguard.driver.intercept.Checkpoint;
import dev.cascadeguard.driver.parse.ParsedSql;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.Precheck;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.Budget;
import dev.cascadeguard.rules.Decider;
import dev.cascadeguard.rules.Decision;
import dev.cascadeguard.rules.GuardMode;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.RuleAction;
import dev.cascadeguard.rules.SessionOverride;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The guard of one connection: the conductor of a statement's story, intercept → parse → plan → estimate →
 * decide → act. Holds the session's override; everything it learns of the database is shared through its
 * {@link SharedDatabase}.
 */
final class GuardSession implements Checkpoint, SessionControl {

    private final Connection real;
    private final SharedDatabase database;
    private final GuardSettings settings;
    private final SqlParser parser;
    private SessionOverride override;
    /** {@code SET guard.allow_rows_total = N}: rows left for the following statements, -1 when none is open. */
    private long connectionAllowance = -1;
    private final StatementAssessor assessor;
    private final Enforcer enforcer;
    /** DDL ran in the open transaction: the shared graph must be reloaded once more when it ends. */
    private boolean ddlInTransaction;
    /** Which statements of a SQL string the guard decides on. */
    private final StatementSelection selection;

    GuardSession(Connection real, SharedDatabase database, GuardSettings settings, SqlParser parser,
                    Listeners listeners) {
        this.real = real;
        this.database = database;
        this.settings = settings;
        this.parser = parser;
        this.enforcer = new Enforcer(settings, listeners);
        this.assessor = new StatementAssessor(real, database, settings);
        this.selection = new StatementSelection(real, database, settings, parser, assessor);
    }

    /** @param hiddenCode a CALL / EXECUTE / DO / RUNSCRIPT: decided only inside a cleanup budget */
    private record Prepared(String sql, ParsedSql parsed, boolean ddl, boolean hiddenCode) implements PreparedCheck {
        Prepared(String sql, ParsedSql parsed, boolean ddl) {
            this(sql, parsed, ddl, false);
        }

        /**
         * A session command is consumed at execution (or refused there, with any other statement beside it): the real
         * driver prepares a harmless stand-in.
         */
        @Override
        public String sqlForDriver() {
            boolean sessionCommand = parsed != null && parsed.statements().stream()
                    .anyMatch(s -> s instanceof ParsedStatement.SessionCommand);
            return sessionCommand ? "SELECT 1" : sql;
        }
    }

    @Override
    public Execution beforeExecute(String sql) throws SQLException {
        HiddenCode.Unseen unseen = selection.unseenCode(sql);
        if (unseen != null && !(Allowance.underCleanupBudget() && Precheck.runsHiddenCode(sql))) {
            return check(selection.withUnseen(sql, unseen), Collections.singletonList(null));
        }
        return switch (Precheck.classify(sql)) {
            // inside a cleanup budget, code the guard cannot see into is refused before anything else
            case PLAIN -> selection.switchesSchema(sql) ? Execution.RUN
                    : Allowance.underCleanupBudget() && Precheck.runsHiddenCode(sql) ? hiddenCode(sql)
                    : selection.mayChangeKey(sql) ? check(List.of(selection.keyUpdate(sql)), Collections.singletonList(null))
                    : Execution.RUN;
            case DDL -> Execution.RUN_THEN_REFRESH;
            case CHECK -> check(List.of(parser.parse(sql)), Collections.singletonList(null));
        };
    }

    @Override
    public PreparedCheck prepare(String sql) throws SQLException {
        StatementSelection.Catalogs catalogs = selection.catalogs();
        if (selection.knownPassThrough(sql, catalogs)) {
            return null;
        }
        HiddenCode.Unseen unseen = selection.unseenCode(sql);
        if (unseen != null) {
            // decided at each execution; a cleanup budget refuses CALL / EXECUTE / DO as before
            return new Prepared(sql, StatementSelection.merged(sql, selection.withUnseen(sql, unseen)), false, Precheck.runsHiddenCode(sql));
        }
        return switch (Precheck.classify(sql)) {
            case PLAIN -> {
                if (Precheck.runsHiddenCode(sql)) {
                    // refused inside a cleanup budget; outside one, a key it sets is still counted
                    ParsedSql keyUpdate = selection.mayChangeKey(sql) ? selection.keyUpdate(sql) : null;
                    boolean key = keyUpdate != null && !selection.keyChanging(keyUpdate.destructive()).isEmpty();
                    yield new Prepared(sql, key ? keyUpdate : null, false, true);
                }
                boolean mayChangeKey = selection.mayChangeKey(sql);
                ParsedSql keyUpdate = mayChangeKey ? selection.keyUpdate(sql) : null;
                if (keyUpdate != null && !selection.keyChanging(keyUpdate.destructive()).isEmpty()) {
                    yield new Prepared(sql, keyUpdate, false);
                }
                if (!mayChangeKey) {
                    selection.rememberPassThrough(sql, catalogs); // the verdict rests on the catalogs, not the schema
                }
                yield null;
            }
            case DDL -> new Prepared(sql, null, true);
            case CHECK -> new Prepared(sql, parser.parse(sql), false);
        };
    }

    @Override
    public Execution beforeExecute(PreparedCheck prepared, ParameterLog parameters) throws SQLException {
        Prepared p = (Prepared) prepared;
        if (p.hiddenCode() && (Allowance.underCleanupBudget() || p.parsed() == null)) {
            return Allowance.underCleanupBudget() ? hiddenCode(p.sql()) : Execution.RUN;
        }
        if (p.parsed() == null) {
            return p.ddl() ? Execution.RUN_THEN_REFRESH : Execution.RUN;
        }
        return check(List.of(p.parsed()), Collections.singletonList(parameters));
    }

    /**
     * A procedure call, a code block or a script run inside a cleanup budget: what it deletes cannot be counted, so
     * the budget's rules decide on it as on any statement the guard cannot check (it does not run).
     */
    private Execution hiddenCode(String sql) throws SQLException {
        ParsedStatement.Destructive unseen = new ParsedStatement.Unparseable(sql.strip(),
                "it runs a procedure, a code block or a script whose deletes the guard cannot see into");
        return Execution.run(null, false, observer(decideAndAct(List.of(unseen), Collections.singletonList(null),
                true)));
    }

    @Override
    public Execution beforeBatch(List<String> sqls) throws SQLException {
        List<ParsedSql> parsed = new ArrayList<>();
        boolean ddl = false;
        for (String sql : sqls) {
            HiddenCode.Unseen unseen = selection.unseenCode(sql);
            if (unseen != null) {
                parsed.addAll(selection.withUnseen(sql, unseen));
                ddl |= Precheck.classify(sql) == Precheck.Result.DDL;
                continue;
            }
            switch (Precheck.classify(sql)) {
                case PLAIN -> {
                    if (selection.mayChangeKey(sql)) {
                        parsed.add(selection.keyUpdate(sql));
                    }
                }
                case DDL -> ddl = true;
                case CHECK -> parsed.add(parser.parse(sql));
            }
        }
        if (sqls.size() > 1 && parsed.stream().anyMatch(GuardSession::hasSessionCommand)) {
            throw new SQLException("CascadeGuard: SET / RESET guard.allow_rows must be executed on its own, not in a "
                    + "batch", "42000");
        }
        Execution outcome = parsed.isEmpty() ? Execution.RUN : check(parsed, Collections.singletonList(null));
        return ddl ? outcome.withSchemaRefresh() : outcome;
    }

    @Override
    public Execution beforeBatch(PreparedCheck prepared, List<ParameterLog> parameterSets) throws SQLException {
        Prepared p = (Prepared) prepared;
        if (p.parsed() == null) {
            return p.ddl() ? Execution.RUN_THEN_REFRESH : Execution.RUN;
        }
        if (parameterSets.isEmpty()) {
            return Execution.RUN;
        }
        return check(List.of(p.parsed()), parameterSets);
    }

    private static boolean hasSessionCommand(ParsedSql parsed) {
        return parsed.statements().stream().anyMatch(s -> s instanceof ParsedStatement.SessionCommand);
    }

    @Override
    public Execution beforeDeleteRow(ResultSet rows) throws SQLException {
        if (settings.mode() == GuardMode.OFF) {
            return Execution.RUN;
        }
        RowDelete rowDelete = assessor.rowDelete(rows);
        return Execution.run(null, false,
                observer(decideAndAct(List.of(rowDelete.statement()), List.of(rowDelete.parameters()), false)));
    }

    /** Who hears how a decided statement's execution ends: the listeners, where one cares. */
    private Execution.Observer observer(GuardEvent.Decided decided) {
        if (decided == null || !enforcer.hasExecutionListeners()) {
            return null;
        }
        return (failure, nanos) -> enforcer.executed(decided, failure, nanos);
    }


    @Override
    public void schemaChanged() {
        database.invalidate();
        try {
            // Other connections cannot see this DDL before it commits: reload again when the transaction ends.
            ddlInTransaction |= !real.getAutoCommit();
        } catch (SQLException e) {
            ddlInTransaction = true;
        }
    }

    @Override
    public void schemaSwitched() {
        assessor.forgetSchema();
    }

    @Override
    public void transactionEnded() {
        if (ddlInTransaction) {
            ddlInTransaction = false;
            database.invalidate();
        }
    }

    @Override
    public void cancelCheck() throws SQLException {
        CountRunner.cancel(real);
    }

    @Override
    public void connectionClosed() {
        override = null;
        connectionAllowance = -1;
    }

    @Override
    public void allowNext(long rows, String reason) {
        override = new SessionOverride(rows, reason, "java");
    }

    /** Withdraws the next statement's override and the connection's allowance (a pool calls it on return). */
    @Override
    public void clearOverride() {
        override = null;
        connectionAllowance = -1;
    }

    @Override
    public void refreshMetadata() throws SQLException {
        database.invalidate();
        database.graph(real, settings.metadataTtlSeconds());
    }

    @Override
    public GuardReport preview(String sql, Object[] parameters) throws SQLException {
        return assessAndDecide(selection.decidable(sql), List.of(ParameterLog.of(parameters)), false,
                false,
                override, budgets());
    }

    /**
     * As the driver would decide {@code sql} now, by its own path; the override stays for the next statement.
     * Several statements in {@code sql} are decided together, as the driver decides them (a row two of them remove
     * counts once), and shown each on its own.
     */
    @Override
    public GuardReport decide(String sql, Object[] parameters) throws SQLException {
        List<ParsedStatement.Destructive> statements = selection.decidable(sql);
        List<ParameterLog> logs = List.of(ParameterLog.of(parameters));
        GuardReport decided = assessAndDecide(statements, logs, true, true, override, budgets());
        if (statements.size() >= 2) {
            GuardReport each = assessAndDecide(statements, logs, true, false, override, budgets());
            decided = new GuardReport(each.assessments(), decided.decision());
        }
        return decided.carriedOut(settings.mode(), Allowance.underCleanupBudget());
    }

    /** Session commands are consumed here; destructive statements are assessed and decided together. */
    private Execution check(List<ParsedSql> parsed, List<ParameterLog> parameterSets) throws SQLException {
        List<ParsedStatement.Destructive> destructive = new ArrayList<>();
        boolean schemaChange = false;
        int statements = 0;
        ParsedStatement.SessionCommand command = null;
        for (ParsedSql p : parsed) {
            for (ParsedStatement s : p.statements()) {
                statements++;
                if (s instanceof ParsedStatement.SessionCommand c) {
                    command = c;
                }
            }
            destructive.addAll(selection.keyChanging(p.destructive()));
            schemaChange |= p.changesSchema();
        }
        if (command != null) {
            if (statements > 1 || parameterSets.size() > 1) {
                throw new SQLException("CascadeGuard: " + command.sql().strip() + " must be executed on its own, "
                        + "not with other statements or in a batch", "42000");
            }
            applySessionCommand(command);
            return Execution.CONSUMED;
        }
        GuardEvent.Decided decided = destructive.isEmpty() ? null : decideAndAct(destructive, parameterSets, true);
        // the one place where what runs is chosen for every execution path: the SQL as written, for now
        return Execution.run(null, schemaChange, observer(decided));
    }

    private void applySessionCommand(ParsedStatement.SessionCommand command) throws SQLException {
        if (!command.isValid()) {
            throw new SQLException("CascadeGuard: " + command.problem(), "42000");
        }
        if (!settings.allowSqlOverride()) {
            throw new SQLException("CascadeGuard: guard.allowSqlOverride=false on this connection: SET guard.allow_rows "
                    + "is disabled; use connection.unwrap(GuardConnection.class).allowNext(rows, reason)", "42000");
        }
        if (command.total()) {
            connectionAllowance = command.allowRows().isPresent() ? command.allowRows().getAsLong() : -1;
            return;
        }
        override = command.allowRows().isPresent()
                ? new SessionOverride(command.allowRows().getAsLong(), "", "sql")
                : null;
    }

    /** The bound values of each execution, for the listeners; a placeholder with nothing bound is {@code Unset}. */
    private static List<List<Object>> values(List<ParameterLog> parameterSets) {
        List<List<Object>> values = new ArrayList<>();
        for (ParameterLog set : parameterSets) {
            if (set == null) {
                continue;
            }
            List<Object> one = new ArrayList<>(set.size());
            for (int i = 1; i <= set.size(); i++) {
                ParameterLog.Binding binding = set.get(i);
                one.add(binding == null ? GuardEvent.Unset.VALUE : binding.value());
            }
            values.add(java.util.Collections.unmodifiableList(one));
        }
        return values;
    }

    /** The allowances open for the next statement: the thread's scope, then the connection's. */
    private List<Budget> budgets() {
        Budget scope = Allowance.current().map(Allowance::budget).orElse(null);
        if (connectionAllowance < 0) {
            return scope == null ? List.of() : List.of(scope);
        }
        Budget connection = new Budget(connectionAllowance, "SET guard.allow_rows_total", "sql-total");
        return scope == null ? List.of(connection) : List.of(scope, connection);
    }

    /** A statement that runs spends its rows from every allowance open for it. */
    private void spend(GuardReport report, List<Budget> budgets) {
        if (budgets.isEmpty() || report.decision().stops() && settings.mode() != GuardMode.WARN) {
            return;
        }
        long rows = report.decision().totalRows();
        Allowance.current().ifPresent(scope -> scope.spend(rows));
        if (connectionAllowance >= 0) {
            connectionAllowance = Math.max(0, connectionAllowance - rows);
        }
    }

    /**
     * Counts and decides, the one path for the driver's own decisions and for {@link #decide}: in bounded mode rows
     * are counted up to the decision threshold, and in full once more where a CONFIRM or a cleanup budget stops
     * the statement (the person must be told the real number).
     */
    private GuardReport assessAndDecide(List<ParsedStatement.Destructive> statements, List<ParameterLog> parameterSets,
                                        boolean bounded, boolean jointly, SessionOverride used, List<Budget> budgets)
            throws SQLException {
        long cap = bounded ? Decider.countCap(settings, used, budgets) : Estimator.EXACT;
        String schema = assessor.currentSchema();
        List<Assessment> assessments = assessments(statements, parameterSets, cap, schema, jointly);
        Decision decision = Decider.decide(assessments, settings, used, budgets, schema);
        boolean overBudget = Decider.CLEANUP_BUDGET.equals(decision.rule());
        if ((decision.action() == RuleAction.CONFIRM || overBudget) && cap != Estimator.EXACT
                && StatementAssessor.anyCapped(assessments)) {
            // count every row, once, now that the statement is being stopped anyway
            List<Assessment> exact = assessments(statements, parameterSets, Estimator.EXACT, schema, jointly);
            if (exact.stream().noneMatch(a -> a instanceof Assessment.Unverifiable)) {
                assessments = exact;
                decision = Decider.decide(exact, settings, used, budgets, schema);
            }
        }
        return new GuardReport(assessments, decision);
    }

    /**
     * A batch or a multi-statement string is counted as one execution (a row several statements remove counts
     * once); a single statement on its own. A preview of several statements shows each on its own instead.
     */
    private List<Assessment> assessments(List<ParsedStatement.Destructive> statements, List<ParameterLog> parameterSets,
                                         long cap, String schema, boolean jointly) throws SQLException {
        try {
            return jointly ? assessor.assessExecution(statements, parameterSets, cap, schema)
                    : assessor.assessAll(statements, parameterSets, cap, schema);
        } catch (StatementAssessor.TransactionLost lost) {
            throw lost.sqlException();
        }
    }

    /**
     * Decides one guarded execution (a statement, a multi-statement string or a batch). The session's override
     * covers this execution only: it is used up here whatever the decision.
     */
    private GuardEvent.Decided decideAndAct(List<ParsedStatement.Destructive> statements,
                                            List<ParameterLog> parameterSets, boolean bounded) throws SQLException {
        if (settings.mode() == GuardMode.OFF && !Allowance.underCleanupBudget()) {
            return null; // a cleanup budget is the code's own explicit limit: kept in every mode
        }
        long started = System.nanoTime();
        SessionOverride used = override;
        override = null;
        List<Budget> budgets = budgets();
        GuardReport report = assessAndDecide(statements, parameterSets, bounded, true, used, budgets);
        Decision decision = report.decision();
        GuardEvent.Decided decided = enforcer.act(report, used, values(parameterSets), System.nanoTime() - started);
        spend(report, budgets);
        return decided;
    }

}

package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.bind.BindException;
import dev.cascadeguard.driver.bind.BoundStatement;
import dev.cascadeguard.driver.bind.NameBinder;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.estimate.EstimateException;
import dev.cascadeguard.driver.estimate.Estimator;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The estimate side of a connection's guard: turns parsed destructive statements into assessments, on the
 * connection's own schema and graph: binds their names ({@link NameBinder}), then counts ({@link Estimator}).
 * Binding and estimate failures never escape as exceptions: they become {@link Assessment.Unverifiable}, for
 * {@code guard.onEstimateError} to decide.
 */
final class StatementAssessor {

    private static final int MAX_PROBLEM_CHARS = 300;

    private final DialectSession session;
    private final NameBinder binder;
    private final Estimator estimator;
    private final GuardSettings settings;
    /** Which names are views, per graph ({@link #isView}). */
    private final java.util.Map<String, Boolean> views = new java.util.HashMap<>();
    private FkGraph viewsOf;

    StatementAssessor(Connection real, SharedDatabase database, GuardSettings settings) {
        this.session = new DialectSession(database.dialect(), real);
        this.binder = new NameBinder(session, new NameBinder.Catalog() {
            @Override
            public FkGraph graph() throws SQLException {
                return database.graph(real, settings.metadataTtlSeconds());
            }

            @Override
            public FkGraph reloaded() throws SQLException {
                database.invalidate();
                return database.graph(real, settings.metadataTtlSeconds());
            }
        });
        this.estimator = new Estimator(session);
        this.settings = settings;
    }

    /** Batches of more executions than this are counted statement by statement (the joint query grows with each). */
    static final int MAX_JOINT_EXECUTIONS = 100;

    /**
     * Every execution of one guarded execution that runs several (a JDBC batch, a prepared batch, a multi-statement
     * string), for the decision on all of them. When they are all DELETEs they are counted together, as one
     * assessment, so that a row one statement removes and another would remove again (directly or through its
     * cascade) counts once, as the database removes it once; otherwise, or where that is not possible, one by one.
     */
    List<Assessment> assessExecution(List<ParsedStatement.Destructive> statements, List<ParameterLog> parameterSets,
                                     long cap, String schema) {
        int executions = statements.size() * parameterSets.size();
        if (executions > 1 && executions <= MAX_JOINT_EXECUTIONS
                && statements.stream().allMatch(s -> s instanceof ParsedStatement.Delete)) {
            Optional<Assessment> joint = assessJointly(statements, parameterSets, cap, schema);
            if (joint.isPresent()) {
                return List.of(joint.get());
            }
        }
        return assessAll(statements, parameterSets, cap, schema);
    }

    /** Every execution on its own, one assessment per statement (a preview shows each statement's effects). */
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

    private Optional<Assessment> assessJointly(List<ParsedStatement.Destructive> statements,
                                               List<ParameterLog> parameterSets, long cap, String schema) {
        Estimator.Request request = new Estimator.Request(null, cap,
                (int) Math.min(Integer.MAX_VALUE, settings.estimateTimeoutMs()), cap != Estimator.EXACT);
        try {
            List<BoundStatement.Delete> bound = new ArrayList<>();
            List<ParameterLog> logs = new ArrayList<>();
            for (ParameterLog parameters : parameterSets) {
                for (ParsedStatement.Destructive statement : statements) {
                    for (BoundStatement b : binder.bind(statement, schema)) {
                        if (!(b instanceof BoundStatement.Delete d) || d.throughView() != null) {
                            // a DELETE through a view keeps its own WHERE-less verdict when counted on its own
                            return Optional.empty();
                        }
                        bound.add(d);
                        logs.add(parameters);
                    }
                }
            }
            return estimator.estimateJointly(bound, logs, request).map(Assessment.Estimated::new);
        } catch (SQLException e) {
            rethrowIfTransactionLost(e);
            return Optional.empty(); // counted one by one, where the failure is reported for its own statement
        } catch (BindException | EstimateException | RuntimeException e) {
            return Optional.empty(); // counted one by one, where the failure is reported for its own statement
        }
    }

    static boolean anyCapped(List<Assessment> assessments) {
        return assessments.stream().anyMatch(a -> a instanceof Assessment.Estimated e
                && e.report().effects().stream().anyMatch(TableEffect::capped));
    }

    /** {@code ResultSet.deleteRow()} on {@code rows}' current row, as the DELETE to assess. */
    RowDelete rowDelete(java.sql.ResultSet rows) throws SQLException {
        return RowDelete.of(rows, session.dialect(), binder, currentSchema());
    }

    /**
     * Whether {@code name} is a view (an UPDATE through it is bound to its base table, which may be referenced).
     * Remembered per graph: an UPDATE of a temporary table, or of a table newer than the graph, would otherwise cost
     * a catalog query on every execution; a view created since is seen when the graph is next loaded.
     */
    boolean isView(TableName name, String schema, FkGraph graph) throws SQLException {
        if (graph != viewsOf) {
            views.clear();
            viewsOf = graph;
        }
        String key = schema + "\u0000" + name + (name.quoted() ? "\u0000q" : "");
        Boolean known = views.get(key);
        if (known == null) {
            known = session.view(name, schema).isPresent();
            if (views.size() < 256) {
                views.put(key, known);
            }
        }
        return known;
    }


    /** The current schema may have changed: read it again when next needed. */
    void forgetSchema() {
        session.forgetSchema();
    }

    /** The schema unqualified names resolve to; null when it cannot be read (the estimate then fails closed). */
    String currentSchema() {
        return session.currentSchema();
    }

    List<Assessment> assess(ParsedStatement.Destructive statement, ParameterLog parameters, long cap,
                                    String schema) {
        if (statement instanceof ParsedStatement.Unparseable u) {
            return List.of(new Assessment.Unverifiable(u.sql(), u.kind(), u.problem()));
        }
        try {
            try {
                return estimate(statement, parameters, cap, schema);
            } catch (Estimator.SchemaChangedException changed) {
                // a SET search_path or USE since the schema was read: the names are bound again, in the schema of
                // now. Only the count can tell (it checks the schema in its own round trip), so binding cannot.
                session.forgetSchema();
                return estimate(statement, parameters, cap, session.currentSchema());
            }
        } catch (BindException | EstimateException e) {
            return List.of(new Assessment.Unverifiable(statement.sql(), statement.kind(), shorten(e.getMessage())));
        } catch (SQLException e) {
            rethrowIfTransactionLost(e);
            return List.of(new Assessment.Unverifiable(statement.sql(), statement.kind(),
                    "counting the affected rows failed: " + shorten(String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            return List.of(new Assessment.Unverifiable(statement.sql(), statement.kind(),
                    "counting the affected rows failed: " + shorten(String.valueOf(e.getMessage()))));
        }
    }

    /**
     * A count that the database answered by rolling the user's transaction back (a deadlock: SQLState 40001,
     * MariaDB 1213; a lock wait timeout where MariaDB rolls back on it, 1205) is not "could not count": the
     * application must see the database's own error, so that its retry logic runs, instead of XG003, or worse, the
     * DELETE running on in a fresh transaction under guard.onEstimateError=ALLOW. Locking reads (MariaDB in a
     * transaction) make this possible. Nor is a count refused because the transaction is READ ONLY (25006: MariaDB
     * refuses the locking read, 1792): the DELETE would be refused the same way, so the application gets that error.
     */
    private static void rethrowIfTransactionLost(SQLException e) {
        if ("40001".equals(e.getSQLState()) || e.getErrorCode() == 1213 || "25006".equals(e.getSQLState())) {
            throw new TransactionLost(e);
        }
    }

    /** Carries a {@link #rethrowIfTransactionLost transaction-ending} failure out to the session, which rethrows it. */
    static final class TransactionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransactionLost(SQLException cause) {
            super(cause);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    private List<Assessment> estimate(ParsedStatement.Destructive statement, ParameterLog parameters, long cap,
                                      String schema) throws SQLException, BindException, EstimateException {
        Estimator.Request request = new Estimator.Request(parameters, cap,
                (int) Math.min(Integer.MAX_VALUE, settings.estimateTimeoutMs()), cap != Estimator.EXACT);
        List<Assessment> result = new ArrayList<>();
        for (BoundStatement bound : binder.bind(statement, schema)) {
            for (CascadeReport report : estimator.estimate(bound, request)) {
                result.add(new Assessment.Estimated(report));
            }
        }
        return result;
    }

    private static String shorten(String message) {
        String firstLine = message.strip().lines().findFirst().orElse("");
        return firstLine.length() <= MAX_PROBLEM_CHARS ? firstLine : firstLine.substring(0, MAX_PROBLEM_CHARS) + "…";
    }
}

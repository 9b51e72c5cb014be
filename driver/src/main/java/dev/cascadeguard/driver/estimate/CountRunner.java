package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.intercept.ParameterLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the guard's own queries on the user's connection, inside the user's transaction, and leaves that
 * transaction exactly as it was: with autocommit off every query runs inside a savepoint, because PostgreSQL
 * aborts the whole transaction on any error otherwise.
 */
public final class CountRunner {

    /** Thrown when the query ran past the estimate timeout. */
    public static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(Throwable cause) {
            super(cause);
        }
    }

    private CountRunner() {
    }

    /** The guard's query each connection is running now, for {@link #cancel} from another thread. */
    private static final ConcurrentHashMap<Connection, Statement> RUNNING = new ConcurrentHashMap<>();
    /** Connections whose running query {@link #cancel} cancelled: its failure is a cancel, not a timeout. */
    private static final Set<Connection> CANCELLED = ConcurrentHashMap.newKeySet();

    /**
     * Cancels the guard's query running on {@code connection}, if any ({@code Statement.cancel()} on the statement
     * being checked): it then fails as cancelled, with no planner estimate in its place.
     */
    public static void cancel(Connection connection) throws SQLException {
        Statement running = RUNNING.get(connection);
        if (running != null) {
            CANCELLED.add(connection);
            running.cancel();
        }
    }

    /** The savepoint the guard names itself when it sends savepoint, count and rollback in one round trip. */
    private static final String SAVEPOINT = "cascadeguard_count";

    /**
     * Runs {@code query} and returns the rows counted for each item, by item number. {@code settings} (may be
     * null) goes first in the same round trip; with autocommit off the savepoint is then rolled back rather than
     * released, which undoes a {@code SET LOCAL} (the count itself changed nothing). Where the driver sends
     * several statements in one round trip ({@code batched}), savepoint, settings, count and rollback all go
     * together: one round trip inside a transaction too.
     */
    public static long[] run(Connection connection, CountQuery query, ParameterLog parameters, int timeoutMs,
                             String settings, boolean batched) throws SQLException, EstimateException, TimedOut {
        return run(connection, query, parameters, timeoutMs, settings, batched, true);
    }

    /**
     * {@link #run}; where a failed statement leaves the transaction usable ({@code failureAbortsTransaction} false,
     * see {@link Dialect#failedStatementAbortsTransaction}) and there are no settings to undo, the count runs
     * without a savepoint: one round trip inside a transaction instead of three.
     */
    public static long[] run(Connection connection, CountQuery query, ParameterLog parameters, int timeoutMs,
                             String settings, boolean batched, boolean failureAbortsTransaction)
            throws SQLException, EstimateException, TimedOut {
        long[] counts = new long[query.items().size()];
        if (!failureAbortsTransaction && settings == null) {
            try {
                readCounts(connection, query.sql(), query, parameters, timeoutMs, counts);
            } catch (SQLException | EstimateException | RuntimeException e) {
                throwIfCancelled(connection, e);
                throw e;
            }
            return counts;
        }
        String sql = settings == null ? query.sql() : settings + "; " + query.sql();
        if (batched && !connection.getAutoCommit()) {
            String wrapped = "SAVEPOINT " + SAVEPOINT + "; " + sql + "; ROLLBACK TO SAVEPOINT " + SAVEPOINT
                    + "; RELEASE SAVEPOINT " + SAVEPOINT;
            try {
                readCounts(connection, wrapped, query, parameters, timeoutMs, counts);
            } catch (SQLException | EstimateException | RuntimeException e) {
                try (Statement restore = connection.createStatement()) {
                    restore.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                } catch (SQLException restoring) {
                    e.addSuppressed(restoring);
                }
                throwIfCancelled(connection, e);
                throw e;
            }
            return counts;
        }
        inSavepoint(connection, settings != null,
                () -> readCounts(connection, sql, query, parameters, timeoutMs, counts));
        return counts;
    }

    private static void readCounts(Connection connection, String sql, CountQuery query, ParameterLog parameters,
                                   int timeoutMs, long[] counts) throws SQLException, EstimateException {
        try {
            readCountsOnce(connection, sql, query, parameters, timeoutMs, counts);
        } catch (StackOverflowError tooDeep) {
            throw tooDeep(tooDeep);
        }
    }

    /**
     * The real driver's parser overflowed its stack on the counting query (H2 on a few thousand nested NOTs, which
     * the counting query nests deeper still than the statement): a failure to count, never an Error thrown at the
     * application from a call it did not make. SQLState 54001: statement too complex.
     */
    private static SQLException tooDeep(StackOverflowError e) {
        return new SQLException("the database could not read the counting query: nested too deeply", "54001", e);
    }

    private static void readCountsOnce(Connection connection, String sql, CountQuery query, ParameterLog parameters,
                                       int timeoutMs, long[] counts) throws SQLException, EstimateException {
        try (PreparedStatement ps = prepare(connection, sql, query.parameters(), parameters, timeoutMs)) {
            boolean resultSet = execute(connection, ps);
            while (!resultSet && ps.getUpdateCount() != -1) {
                resultSet = ps.getMoreResults();
            }
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    int item = rs.getInt(1);
                    if (item == CountQuery.SCHEMA_CHECK_ITEM) {
                        if (rs.getLong(2) == 0) {
                            throw new Estimator.SchemaChangedException();
                        }
                    } else if (item == CountQuery.FOREIGN_KEYS_CHECK_ITEM) {
                        if (rs.getLong(2) == 0) {
                            throw new Estimator.ForeignKeysSwitchedException();
                        }
                    } else {
                        counts[item] = rs.getLong(2);
                    }
                }
            }
        }
    }

    /** Runs {@code ps} as the connection's cancellable query. */
    private static boolean execute(Connection connection, PreparedStatement ps) throws SQLException {
        CANCELLED.remove(connection);
        RUNNING.put(connection, ps);
        try {
            return ps.execute();
        } finally {
            RUNNING.remove(connection, ps);
        }
    }

    /**
     * A query {@link #cancel cancelled} by the application fails the estimate; another cancelled query (JDBC
     * timeout, or PostgreSQL's 57014) is a timeout; any other failure returns.
     */
    private static void throwIfCancelled(Connection connection, Exception e) throws TimedOut, EstimateException {
        if (CANCELLED.remove(connection)) {
            throw new EstimateException("the statement was cancelled while the guard counted its rows", e);
        }
        if (e instanceof SQLTimeoutException || e instanceof SQLException s && "57014".equals(s.getSQLState())) {
            throw new TimedOut(e);
        }
    }

    /**
     * The planner's row estimate for each item (-1 where it gives none): what stands in for counts when counting
     * timed out. One EXPLAIN per item; planning is cheap next to the counting that timed out.
     */
    public static long[] explain(Connection connection, CountQuery query, ParameterLog parameters,
                                 Dialect.PlannerEstimates planner, int timeoutMs) throws SQLException, EstimateException, TimedOut {
        long[] estimates = new long[query.items().size()];
        inSavepoint(connection, false, () -> {
            for (int i = 0; i < estimates.length; i++) {
                String explain = planner.explainQuery(query.rowSelect(i));
                try (PreparedStatement ps = prepare(connection, explain, query.parameters(), parameters, timeoutMs)) {
                    execute(connection, ps);
                    try (ResultSet rs = ps.getResultSet()) {
                        estimates[i] = rs.next() ? planner.explainedRows(rs) : -1;
                    }
                } catch (StackOverflowError tooDeep) {
                    throw tooDeep(tooDeep);
                }
            }
        });
        return estimates;
    }

    private interface Work {
        void run() throws SQLException, EstimateException;
    }

    /** With autocommit off, a failing query rolls back to a savepoint instead of aborting the transaction. */
    private static void inSavepoint(Connection connection, boolean undo, Work work)
            throws SQLException, EstimateException, TimedOut {
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            work.run();
        } catch (SQLException | EstimateException | RuntimeException e) {
            restore(connection, savepoint, e);
            throwIfCancelled(connection, e);
            throw e;
        }
        if (savepoint != null) {
            if (undo) {
                connection.rollback(savepoint);
                releaseQuietly(connection, savepoint);
            } else {
                connection.releaseSavepoint(savepoint);
            }
        }
    }

    /** Rolls back to the savepoint after {@code failure}; a failure to do so is kept with it, never in its place. */
    private static void restore(Connection connection, Savepoint savepoint, Exception failure) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return;
        }
        releaseQuietly(connection, savepoint);
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Integer> order,
                                             ParameterLog parameters, int timeoutMs)
            throws SQLException, EstimateException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            bind(ps, order, parameters);
            if (timeoutMs > 0) {
                ps.setQueryTimeout(Math.max(1, (timeoutMs + 999) / 1000));
            }
            return ps;
        } catch (SQLException | EstimateException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void releaseQuietly(Connection connection, Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException ignored) {
            // H2 and SQLite drop a savepoint on rollback to it; there is nothing left to release
        }
    }

    private static void bind(PreparedStatement ps, List<Integer> order, ParameterLog parameters)
            throws SQLException, EstimateException {
        for (int i = 0; i < order.size(); i++) {
            int source = order.get(i);
            ParameterLog.Binding binding = parameters == null ? null : parameters.get(source);
            if (binding == null) {
                throw new EstimateException("parameter " + source + " is not bound");
            }
            if (!binding.replayable()) {
                throw new EstimateException("parameter " + source
                        + " is a stream, which the guard cannot read without consuming it");
            }
            binding.binder().bind(ps, i + 1);
        }
    }
}

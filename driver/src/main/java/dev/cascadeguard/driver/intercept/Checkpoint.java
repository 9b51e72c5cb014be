package dev.cascadeguard.driver.intercept;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The one seam between the JDBC wrappers and the guard: every execution path calls it with the full statement
 * before the real driver sees it. Implementations throw an SQLException to stop a statement. One instance per
 * guarded connection; not thread-safe beyond what a JDBC connection itself promises.
 */
public interface Checkpoint {

    /** A plain SQL string about to run through {@code Statement.execute*}. */
    Execution beforeExecute(String sql) throws SQLException;

    /**
     * Called once when a statement is prepared. Returns null for SQL that needs no check at execution
     * (the wrapper then records no parameters: the pass-through path), or a handle to pass back at execution.
     */
    PreparedCheck prepare(String sql) throws SQLException;

    /** A prepared statement about to run with the parameters bound now. */
    Execution beforeExecute(PreparedCheck prepared, ParameterLog parameters) throws SQLException;

    /** A {@code Statement} batch about to run: checked as a whole before any of it runs. */
    Execution beforeBatch(List<String> sqls) throws SQLException;

    /** A prepared batch about to run, one parameter set per {@code addBatch()}, checked as a whole. */
    Execution beforeBatch(PreparedCheck prepared, List<ParameterLog> parameterSets) throws SQLException;

    /** {@code ResultSet.deleteRow()} about to delete the current row of {@code rows} (the real driver's). */
    Execution beforeDeleteRow(ResultSet rows) throws SQLException;

    /** A statement that changes the schema has run: the foreign-key graph must be reloaded. */
    void schemaChanged();

    /** The connection's transaction ended (commit, rollback, or autocommit switched on): DDL in it is now visible. */
    default void transactionEnded() {
    }

    /**
     * The connection's current schema may have changed ({@code setSchema}, {@code setCatalog}, a {@code SET
     * search_path} or {@code USE}): unqualified names must be resolved in the schema of now.
     */
    default void schemaSwitched() {
    }

    /**
     * {@code Statement.cancel()} from another thread while this guard checks one of the connection's statements:
     * cancel the guard's own query, if one is running (the statement is then stopped by its wrapper).
     */
    default void cancelCheck() throws SQLException {
    }

    /** The connection is closing (or returning to a pool): drop every piece of session state. */
    void connectionClosed();

    /** A checked prepared SQL string; opaque to the wrappers. */
    interface PreparedCheck {
        String sql();

        /**
         * What the real driver prepares: the SQL itself, except for a statement the guard consumes (a session
         * command), which the database must never see, not even to prepare it.
         */
        default String sqlForDriver() {
            return sql();
        }
    }
}

package dev.cascadeguard.driver.intercept;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set reached through a guarded statement. It exists for two reasons: {@link #getStatement()} must lead
 * back to the guarded statement (never the raw one, which would bypass the guard), and {@link #deleteRow()} on an
 * updatable result set deletes a row, cascades and all, like any {@code DELETE}. Everything else (ResultSet has
 * about 190 methods) is a plain delegate in the generated {@link DelegatingResultSet}.
 */
public final class GuardedResultSet extends DelegatingResultSet {

    private final Statement statement;
    private final Checkpoint guard;

    GuardedResultSet(Statement statement, ResultSet real, Checkpoint guard) {
        super(real);
        this.statement = statement;
        this.guard = guard;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void deleteRow() throws SQLException {
        Execution outcome = guard.beforeDeleteRow(real);
        try {
            real.deleteRow();
        } catch (SQLException failure) {
            outcome.ended(failure);
            throw failure;
        }
        outcome.ended(null);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, real, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, real, iface);
    }

    @Override
    public String toString() {
        return "guarded " + real;
    }

    // ---- decided here although they only delegate

    /**
     * Changes a row and goes straight through: the guard counts what a delete takes with it, and an update or insert
     * through a result set cascades nothing it counts (the same as a plain {@code UPDATE} or {@code INSERT}, which the
     * pre-check lets through). Written here, not generated, so that every row-changing path is visibly decided.
     */
    @Override
    public void updateRow() throws SQLException {
        real.updateRow();
    }

    /** Goes straight through, as {@link #updateRow()} does and for the same reason. */
    @Override
    public void insertRow() throws SQLException {
        real.insertRow();
    }

    /**
     * Hands out the real driver's object as it is: {@link ResultSetMetaData} describes columns and reaches no
     * connection or statement, so there is nothing to guard.
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return real.getMetaData();
    }
}

package dev.cascadeguard.driver.intercept;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Database metadata whose {@link #getConnection()} leads back to the guarded connection rather than the raw one, and
 * whose catalog result sets are wrapped (their {@code getStatement()} is null, as JDBC allows for metadata results,
 * rather than the real driver's statement). Everything else is a plain delegate in the generated
 * {@link DelegatingDatabaseMetaData}.
 */
public final class GuardedDatabaseMetaData extends DelegatingDatabaseMetaData {

    private final GuardedConnection connection;

    GuardedDatabaseMetaData(GuardedConnection connection, DatabaseMetaData real) {
        super(real);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    ResultSet results(ResultSet rows) {
        return rows == null ? null : new GuardedResultSet(null, rows, connection.guard);
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
}

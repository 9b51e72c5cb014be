package dev.cascadeguard.driver;

import dev.cascadeguard.driver.spi.GuardEngine;
import dev.cascadeguard.rules.GuardSettings;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A {@link DataSource} whose connections are guarded exactly as {@code jdbc:guard:} ones: wrap any DataSource
 * (a {@code HikariDataSource}, {@code PGSimpleDataSource}, an application server's) and keep its real URL, so
 * tools that choose their database support by URL (Flyway, Spring Boot) see the real database.
 *
 * <pre>{@code
 * DataSource dataSource = new GuardDataSource(new HikariDataSource(config));
 * }</pre>
 *
 * <p>Settings are read as for the driver: the {@code guard.*} keys of {@code settings}, then JVM system
 * properties, the rules file, then defaults; a bad value fails the constructor. A pool inside stays a pool: each
 * {@link #getConnection()} borrows from it, and closing the guarded connection returns it, withdrawing any
 * override or connection allowance. {@link #unwrap} and {@link #isWrapperFor} reach the wrapped DataSource, so
 * {@code unwrap(HikariDataSource.class)} works for pool metrics and health checks. {@link #close()} closes the
 * wrapped DataSource when it can be closed (a pool). A connection that is already guarded (the wrapped DataSource
 * uses a {@code jdbc:guard:} URL, or routes to guarded DataSources) is handed out as it is: never guarded twice.
 */
public final class GuardDataSource implements DataSource, AutoCloseable {

    private final DataSource real;
    private final GuardSettings settings;
    private final GuardEngine.Guarding guarding;

    public GuardDataSource(DataSource real) {
        this(real, new Properties());
    }

    /**
     * @param settings {@code guard.*} settings for every connection of this DataSource; other keys are ignored
     * @throws IllegalArgumentException when a {@code guard.*} key is unknown or its value invalid, or a listener of
     *                                  {@code guard.listeners} cannot be loaded
     */
    public GuardDataSource(DataSource real, Properties settings) {
        this.real = Objects.requireNonNull(real, "real");
        try {
            this.settings = GuardSettings.load(settings == null ? new Properties() : settings,
                    StraySystemProperties::warnOnce);
            this.guarding = GuardEngine.get().configure(this.settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CascadeGuard: " + e.getMessage(), e);
        }
    }

    /** The settings every connection of this DataSource is guarded with. */
    public GuardSettings settings() {
        return settings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return guard(real.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return guard(real.getConnection(username, password));
    }

    /**
     * The database is identified per connection (its URL and user as the driver reports them, both read locally by
     * the common drivers): a routing DataSource, or {@code getConnection(user, password)}, may hand out connections
     * to different databases, and each must be counted with its own graph.
     */
    private Connection guard(Connection connection) throws SQLException {
        String key;
        try {
            if (connection.isWrapperFor(GuardConnection.class)) {
                // already guarded below (a jdbc:guard: pool, a routing DataSource over guarded targets): guarding
                // it again would count every statement twice and spend every allowance twice
                return connection;
            }
            DatabaseMetaData meta = connection.getMetaData();
            key = meta.getURL() + "\u0000" + meta.getUserName();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return guarding.guard(connection, key);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(real)) {
            return iface.cast(real);
        }
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(real) || real.isWrapperFor(iface);
    }

    /** Closes the wrapped DataSource when it is {@link AutoCloseable} (a pool); otherwise does nothing. */
    @Override
    public void close() throws Exception {
        if (real instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public String toString() {
        return "GuardDataSource[" + real + "]";
    }
}

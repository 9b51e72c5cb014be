package dev.cascadeguard.driver.testdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One isolated place on a test database, made by {@link TestDatabase#create()}, with one connection open on it.
 * Closing it closes every connection it opened and drops the place.
 */
public final class TestDb implements AutoCloseable {

    /** What dropping the place does; may throw SQLException. */
    interface Cleanup {
        void run() throws SQLException;
    }

    private final TestDatabase database;
    private final String jdbcUrl;
    private final String closingStatement;
    private final Cleanup dropPlace;
    private final List<Connection> opened = new ArrayList<>();
    private final Connection connection;

    TestDb(TestDatabase database, String jdbcUrl, String closingStatement, Cleanup dropPlace) throws SQLException {
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        this.closingStatement = closingStatement;
        this.dropPlace = dropPlace;
        this.connection = open();
    }

    public TestDatabase database() {
        return database;
    }

    /** The connection opened with this place (autocommit on). */
    public Connection connection() {
        return connection;
    }

    /** Another plain connection to the same place, closed with this TestDb. */
    public Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl);
        opened.add(c);
        return c;
    }

    /** The plain JDBC URL of this place ({@code jdbc:h2:…}, {@code jdbc:postgresql:…}, …). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The same place through the guard driver: {@code jdbc:guard:} followed by the URL without {@code jdbc:}. */
    public String guardUrl() {
        return "jdbc:guard:" + jdbcUrl.substring("jdbc:".length());
    }

    /**
     * A new connection through the guard driver with {@code settings} as key, value pairs (connection properties);
     * the caller closes it.
     */
    public Connection guarded(String... settings) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty(settings[i], settings[i + 1]);
        }
        return DriverManager.getConnection(guardUrl(), p);
    }

    /** Runs each statement in order on {@link #connection()}. */
    public void execute(String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    String shown = sql.length() > 300 ? sql.substring(0, 300) + "…" : sql;
                    throw new SQLException(e.getMessage() + "\n  in: " + shown, e.getSQLState(), e);
                }
            }
        }
    }

    /** Runs an SQL script file statement by statement (see {@link SqlScript} for what it splits correctly). */
    public void runScript(Path file) throws SQLException {
        List<String> statements = SqlScript.read(file, database.backslashEscapes());
        execute(statements.toArray(String[]::new));
    }

    /** {@code select count(*) from <table>}; the table name goes into the SQL as written. */
    public long count(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (closingStatement != null) {
                execute(closingStatement);
            }
        } finally {
            for (Connection c : opened) {
                c.close();
            }
            if (dropPlace != null) {
                dropPlace.run();
            }
        }
    }
}

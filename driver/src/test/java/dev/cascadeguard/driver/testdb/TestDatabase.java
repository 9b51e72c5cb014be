package dev.cascadeguard.driver.testdb;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The databases tests run against, each handing out a fresh isolated place per {@link #create()}:
 * <ul>
 *   <li>H2: an in-memory database {@code jdbc:h2:mem:t_<random>;DB_CLOSE_DELAY=-1}, shut down on close</li>
 *   <li>POSTGRES: a schema {@code t_<random>} in database {@code test} on 127.0.0.1:5432 (user postgres, no
 *       password), first on the search path ({@code currentSchema} in the URL), dropped with CASCADE on close</li>
 *   <li>MARIADB: a database {@code t_<random>} on 127.0.0.1:3306 (user root, empty password), dropped on close</li>
 *   <li>SQLITE: a temporary file with {@code foreign_keys=true} in the URL, deleted on close</li>
 *   <li>HSQLDB: an in-memory database {@code jdbc:hsqldb:mem:t_<random>}, shut down on close. It has no dialect
 *       class: it proves the {@code GenericDialect} fallback, so it is left as it comes (no compatibility
 *       syntax settings)</li>
 * </ul>
 * <pre>{@code
 * try (TestDb db = TestDatabase.POSTGRES.create()) {
 *     db.execute("create table t (id int primary key)");
 *     Connection plain = db.connection();
 *     String guardUrl = db.guardUrl();   // "jdbc:guard:" + the same place
 * }
 * }</pre>
 * Server databases that are unreachable skip the test, except when the environment variable CI is "true": there
 * the test fails, because CI must run them.
 */
public enum TestDatabase {
    H2, POSTGRES, MARIADB, SQLITE, HSQLDB;

    private static final String POSTGRES_USER = PostgresServer.USER;
    private static final String MARIADB_SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String MARIADB_USER = "?user=root&connectTimeout=3000";

    /** MySQL Connector/J's URL for the MariaDB server: the same places, reached through the other driver. */
    private static final String MYSQL_SERVER = "jdbc:mysql://127.0.0.1:3306/";
    private static final ThreadLocal<Boolean> CONNECTOR_J = ThreadLocal.withInitial(() -> false);

    /** Code run by {@link #throughMySqlConnectorJ}. */
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} with every {@code MARIADB.create()} on this thread handing out a place whose URLs are MySQL
     * Connector/J's ({@code jdbc:mysql:}, so {@code guardUrl()} is {@code jdbc:guard:mysql:}): the MariaDB tests
     * re-run unchanged through the other driver. The places are still made and dropped through MariaDB Connector/J.
     */
    public static void throughMySqlConnectorJ(Body body) throws Exception {
        CONNECTOR_J.set(true);
        try {
            body.run();
        } finally {
            CONNECTOR_J.remove();
        }
    }

    private volatile Boolean available;
    private volatile boolean skipReported;

    /** A fresh isolated place with one open connection; skips (or fails on CI) when the server is unreachable. */
    public TestDb create() throws SQLException {
        assumeAvailable();
        String name = uniqueName();
        return switch (this) {
            case H2 -> new TestDb(this, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "SHUTDOWN", null);
            case POSTGRES -> {
                String admin = PostgresServer.base() + "test" + POSTGRES_USER;
                runAdmin(admin, "create schema " + name);
                yield new TestDb(this, admin + "&currentSchema=" + name, null,
                        () -> runAdmin(admin, "drop schema if exists " + name + " cascade"));
            }
            case MARIADB -> createMariaDbDatabase(name);
            case SQLITE -> createSqliteFile();
            case HSQLDB -> new TestDb(this, "jdbc:hsqldb:mem:" + name + ";user=SA", "SHUTDOWN", null);
        };
    }

    /**
     * A fresh whole database, for scripts that create their own schemas or extensions. On PostgreSQL a
     * {@code CREATE DATABASE t_<random>} (dropped WITH (FORCE) on close); elsewhere the same as {@link #create()}.
     */
    public TestDb createDatabase() throws SQLException {
        if (this != POSTGRES) {
            return create();
        }
        assumeAvailable();
        String name = uniqueName();
        String admin = PostgresServer.base() + "postgres" + POSTGRES_USER;
        runAdmin(admin, "create database " + name);
        return new TestDb(this, PostgresServer.base() + name + POSTGRES_USER, null,
                () -> runAdmin(admin, "drop database if exists " + name + " with (force)"));
    }

    /** True when a connection to the server can be opened (always for the embedded H2, SQLite, HSQLDB); checked once. */
    public boolean available() {
        Boolean known = available;
        if (known == null) {
            known = switch (this) {
                case H2, SQLITE, HSQLDB -> true;
                case POSTGRES -> PostgresServer.base() != null;
                case MARIADB -> canConnect(MARIADB_SERVER + MARIADB_USER);
            };
            available = known;
        }
        return known;
    }

    /** Skips the calling test with a visible message when the server is unreachable; on CI fails instead. */
    public void assumeAvailable() {
        if (!reachableOrSkipping()) {
            Assumptions.assumeTrue(false, unreachable());
        }
    }

    /**
     * For jqwik properties, which have no per-try skip: true when the server answers; otherwise prints the visible
     * skip message once and returns false, or on CI fails.
     */
    public boolean reachableOrSay() {
        if (reachableOrSkipping()) {
            return true;
        }
        if (!skipReported) {
            skipReported = true;
            System.err.println(unreachable());
        }
        return false;
    }

    private boolean reachableOrSkipping() {
        if (available()) {
            return true;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(unreachable().replace("skipping", "CI must run these tests"));
        }
        return false;
    }

    private String unreachable() {
        return switch (this) {
            case POSTGRES -> PostgresServer.problem() + ": skipping";
            case MARIADB -> "MariaDB not reachable at 127.0.0.1:3306: skipping";
            default -> name() + " not available: skipping";
        };
    }

    /** True for MariaDB, whose string literals take backslash escapes (for {@link SqlScript}). */
    boolean backslashEscapes() {
        return this == MARIADB;
    }

    private TestDb createMariaDbDatabase(String name) throws SQLException {
        String admin = MARIADB_SERVER + MARIADB_USER;
        runAdmin(admin, "create database " + name);
        // -Dcascadeguard.mariadbUrlParameters=&useServerPrepStmts=true re-runs the MariaDB tests with driver options
        String options = System.getProperty("cascadeguard.mariadbUrlParameters", "");
        String server = CONNECTOR_J.get() ? MYSQL_SERVER : MARIADB_SERVER;
        return new TestDb(this, server + name + MARIADB_USER + options, null,
                () -> runAdmin(admin, "drop database if exists " + name));
    }

    private TestDb createSqliteFile() throws SQLException {
        try {
            Path file = Files.createTempFile("cascadeguard-", ".db");
            return new TestDb(this, "jdbc:sqlite:" + file + "?foreign_keys=true", null, () -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new SQLException("cannot create a temporary SQLite file", e);
        }
    }

    private static String uniqueName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static boolean canConnect(String url) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static void runAdmin(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.cascadeguard.benchmarks.anchors;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A private database for one benchmark trial, dropped at its end: H2 in memory ({@code DB_CLOSE_DELAY=-1}, shut
 * down on close) or a {@code CREATE DATABASE cg_bench_<random>} on the local PostgreSQL (127.0.0.1:5432, user
 * postgres), dropped {@code WITH (FORCE)} on close. The PostgreSQL database commits with
 * {@code synchronous_commit = off}: with it on, every autocommitted UPDATE and INSERT waits for a WAL flush to disk,
 * which on a shared machine varies by milliseconds and drowns what the layers between application and driver cost
 * (the thing measured); off, the server still does all the work of each statement. {@link #url()} is the plain
 * JDBC URL; the anchors put their own prefix in front of what follows {@code jdbc:}.
 */
public final class BenchDatabase implements AutoCloseable {

    private static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String POSTGRES_USER = "?user=postgres&connectTimeout=3";

    private final String url;
    private final Runnable drop;
    /** H2 forgets an in-memory database when its last connection closes: this one keeps it until the trial ends. */
    private final Connection keepAlive;

    private BenchDatabase(String url, Runnable drop) throws SQLException {
        this.url = url;
        this.drop = drop;
        this.keepAlive = DriverManager.getConnection(url);
    }

    /**
     * @param kind {@code h2} or {@code postgres}
     * @throws IllegalStateException with a message naming the server when PostgreSQL cannot be reached: JMH then
     *                               reports this parameter as failed and goes on with the others
     */
    public static BenchDatabase create(String kind) throws SQLException {
        String name = "cg_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return switch (kind) {
            case "h2" -> new BenchDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null);
            case "postgres" -> {
                String admin = POSTGRES_SERVER + "postgres" + POSTGRES_USER;
                try {
                    admin(admin, "CREATE DATABASE " + name);
                    admin(admin, "ALTER DATABASE " + name + " SET synchronous_commit = off");
                } catch (SQLException unreachable) {
                    throw new IllegalStateException("PostgreSQL not reachable at 127.0.0.1:5432 (user postgres): "
                            + "skipping db=postgres (" + unreachable.getMessage() + ")", unreachable);
                }
                yield new BenchDatabase(POSTGRES_SERVER + name + POSTGRES_USER, () -> {
                    try {
                        admin(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    } catch (SQLException e) {
                        System.err.println("could not drop benchmark database " + name + ": " + e.getMessage());
                    }
                });
            }
            default -> throw new IllegalArgumentException("db must be h2 or postgres, not " + kind);
        };
    }

    private static void admin(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The plain JDBC URL, {@code jdbc:h2:…} or {@code jdbc:postgresql:…}. */
    public String url() {
        return url;
    }

    /** The URL with {@code jdbc:} replaced by {@code jdbc:<prefix>:}, as {@code jdbc:guard:} and {@code jdbc:p6spy:} want. */
    public String url(String prefix) {
        return "jdbc:" + prefix + ":" + url.substring("jdbc:".length());
    }

    /** The connection held open for the whole trial, for setting up tables. */
    public Connection admin() {
        return keepAlive;
    }

    public void execute(String... statements) throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (drop == null) {
            execute("SHUTDOWN");
            keepAlive.close();
        } else {
            keepAlive.close();
            drop.run();
        }
    }
}

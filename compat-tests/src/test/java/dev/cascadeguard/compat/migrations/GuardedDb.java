package dev.cascadeguard.compat.migrations;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDb;
import org.h2.jdbcx.JdbcDataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the migration-tool tests share: the database's own DataSource (what an application already has), the same
 * wrapped in {@link GuardDataSource} with default settings, and checks made through PLAIN connections.
 */
final class GuardedDb {

    private GuardedDb() {
    }

    /** The vendor's own DataSource for the place {@code db} (no guard). */
    static DataSource realDataSource(TestDb db) throws SQLException {
        return switch (db.database()) {
            case H2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(db.jdbcUrl());
                yield h2;
            }
            case POSTGRES -> {
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(db.jdbcUrl());
                yield pg;
            }
            case MARIADB -> new MariaDbDataSource(db.jdbcUrl());
            default -> throw new IllegalArgumentException("not used here: " + db.database());
        };
    }

    /** The real DataSource wrapped in the guard, default settings: the one line an application changes. */
    static GuardDataSource guarded(TestDb db) throws SQLException {
        return new GuardDataSource(realDataSource(db));
    }

    /** Every throwable in the chain: causes, suppressed ones, and SQLException's next exceptions. */
    static List<Throwable> chain(Throwable top) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> todo = new ArrayList<>(List.of(top));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            out.add(t);
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
            if (t instanceof SQLException sql) {
                todo.add(sql.getNextException());
            }
        }
        return out;
    }

    /** The first SQLException in the chain with this SQLState, or null. */
    static SQLException withState(Throwable top, String sqlState) {
        for (Throwable t : chain(top)) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }

    /** Asserts the guard stopped it: an SQLException with {@code sqlState} in the chain, whose message has the parts. */
    static SQLException assertStopped(Throwable thrown, String sqlState, String... messageParts) {
        SQLException stop = withState(thrown, sqlState);
        assertThat((Object) stop).as("an SQLException with SQLState %s in the cause chain of %s", sqlState, describe(thrown))
                .isNotNull();
        assertThat(stop.getMessage()).contains(messageParts);
        return stop;
    }

    static String describe(Throwable top) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t : chain(top)) {
            sb.append("\n  ").append(t.getClass().getName());
            if (t instanceof SQLException sql) {
                sb.append(" [SQLState ").append(sql.getSQLState()).append(']');
            }
            sb.append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    /** True when the current schema / database of {@code db} has a table or view with this name (any case). */
    static boolean tableExists(TestDb db, String table) throws SQLException {
        String schema = switch (db.database()) {
            case H2 -> "CURRENT_SCHEMA";
            case POSTGRES -> "current_schema()";
            case MARIADB -> "database()";
            default -> throw new IllegalArgumentException(db.database().name());
        };
        try (PreparedStatement s = db.connection().prepareStatement(
                "select count(*) from information_schema.tables where lower(table_name) = ? and table_schema = "
                        + schema)) {
            s.setString(1, table.toLowerCase());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** Quotes an identifier the way the database does (Flyway's tables have lower-case names on every database). */
    static String quoted(TestDb db, String identifier) {
        return switch (db.database()) {
            case MARIADB -> "`" + identifier + "`";
            default -> "\"" + identifier + "\"";
        };
    }

    /**
     * Inserts rows with ids {@code 1..n} into {@code table} through a plain connection, in batches; with a
     * {@code parentColumn}, row {@code id} points at {@code parentOf(id)}.
     */
    static void insertRows(Connection plain, String table, int n, String parentColumn, IntUnaryOperator parentOf)
            throws SQLException {
        insertRows(plain, table, 1, n, parentColumn, parentOf);
    }

    /** As {@link #insertRows(Connection, String, int, String, IntUnaryOperator)}, ids {@code first..first+n-1}. */
    static void insertRows(Connection plain, String table, int first, int n, String parentColumn,
                           IntUnaryOperator parentOf) throws SQLException {
        boolean autoCommit = plain.getAutoCommit();
        plain.setAutoCommit(false);
        String sql = parentColumn == null
                ? "insert into " + table + " (id) values (?)"
                : "insert into " + table + " (id, " + parentColumn + ") values (?, ?)";
        try (PreparedStatement insert = plain.prepareStatement(sql)) {
            for (int id = first; id < first + n; id++) {
                insert.setInt(1, id);
                if (parentColumn != null) {
                    insert.setInt(2, parentOf.applyAsInt(id));
                }
                insert.addBatch();
                if ((id - first) % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            plain.commit();
        } finally {
            plain.setAutoCommit(autoCommit);
        }
    }
}

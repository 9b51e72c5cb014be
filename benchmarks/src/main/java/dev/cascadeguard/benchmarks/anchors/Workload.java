package dev.cascadeguard.benchmarks.anchors;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mixed workload of the anchor benchmarks. One operation borrows a connection from the pool and, as a request
 * handler would, runs a SELECT by primary key, an UPDATE of a non-key column by primary key and an INSERT: nothing
 * the guard has to count, so this is its pass-through. With {@code withDelete}, every {@value #DELETE_EVERY}th
 * operation also deletes the {@value #DELETE_EVERY} rows this thread inserted last (a small DELETE the guard counts
 * before it runs, far under its thresholds, so it is allowed); otherwise the inserted rows stay. Statements are
 * prepared per operation, as an application without a statement cache does; {@link #plain} sends the same SQL
 * with literals through {@code Statement}.
 *
 * <pre>
 * account(id INT PRIMARY KEY, name VARCHAR(40), balance INT)          -- {@value #ACCOUNTS} rows
 * entry(id BIGINT PRIMARY KEY, account_id INT REFERENCES account ON DELETE CASCADE, amount INT)
 * </pre>
 */
public final class Workload {

    static final int ACCOUNTS = 10_000;
    static final int DELETE_EVERY = 16;

    private static final String SELECT = "SELECT name, balance FROM account WHERE id = ?";
    private static final String UPDATE = "UPDATE account SET balance = balance + 1 WHERE id = ?";
    private static final String INSERT = "INSERT INTO entry (id, account_id, amount) VALUES (?, ?, 1)";
    private static final String DELETE = "DELETE FROM entry WHERE id BETWEEN ? AND ?";

    private Workload() {
    }

    public static void createSchema(BenchDatabase database) throws SQLException {
        database.execute(
                "CREATE TABLE account (id INT PRIMARY KEY, name VARCHAR(40), balance INT NOT NULL)",
                "CREATE TABLE entry (id BIGINT PRIMARY KEY, "
                        + "account_id INT NOT NULL REFERENCES account (id) ON DELETE CASCADE, amount INT NOT NULL)",
                "CREATE INDEX entry_account ON entry (account_id)");
        Connection admin = database.admin();
        admin.setAutoCommit(false);
        try (PreparedStatement insert = admin.prepareStatement("INSERT INTO account VALUES (?, ?, 0)")) {
            for (int id = 1; id <= ACCOUNTS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "account " + id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        admin.commit();
        admin.setAutoCommit(true);
    }

    /** Where one benchmark thread is in the workload: its own accounts and its own range of entry ids. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger THREADS = new AtomicInteger();

        private long entryBase;
        private int accountOffset;
        private long operation;

        @Setup
        public void setUp() {
            int thread = THREADS.getAndIncrement();
            entryBase = thread * 1_000_000_000L;
            accountOffset = thread * 149;
        }

        int account() {
            return (int) ((accountOffset + operation) % ACCOUNTS) + 1;
        }

        long entry() {
            return entryBase + operation;
        }

        boolean deleteDue() {
            return operation % DELETE_EVERY == DELETE_EVERY - 1;
        }

        void advance() {
            operation++;
        }
    }

    /** One operation through prepared statements; returns what the database answered, so nothing is optimised away. */
    public static long prepared(DataSource dataSource, Cursor cursor, boolean withDelete) throws SQLException {
        int account = cursor.account();
        long entry = cursor.entry();
        long answer;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setInt(1, account);
                try (ResultSet rs = select.executeQuery()) {
                    answer = rs.next() ? rs.getInt(2) : -1;
                }
            }
            try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                update.setInt(1, account);
                answer += update.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setLong(1, entry);
                insert.setInt(2, account);
                answer += insert.executeUpdate();
            }
            if (withDelete && cursor.deleteDue()) {
                try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                    delete.setLong(1, entry - DELETE_EVERY + 1);
                    delete.setLong(2, entry);
                    answer += expect(DELETE_EVERY, delete.executeUpdate());
                }
            }
        }
        cursor.advance();
        return answer;
    }

    /** The same operation with literal SQL through plain {@code Statement}s. */
    public static long plain(DataSource dataSource, Cursor cursor, boolean withDelete) throws SQLException {
        int account = cursor.account();
        long entry = cursor.entry();
        long answer;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT name, balance FROM account WHERE id = " + account)) {
                answer = rs.next() ? rs.getInt(2) : -1;
            }
            answer += statement.executeUpdate("UPDATE account SET balance = balance + 1 WHERE id = " + account);
            answer += statement.executeUpdate(
                    "INSERT INTO entry (id, account_id, amount) VALUES (" + entry + ", " + account + ", 1)");
            if (withDelete && cursor.deleteDue()) {
                answer += expect(DELETE_EVERY, statement.executeUpdate(
                        "DELETE FROM entry WHERE id BETWEEN " + (entry - DELETE_EVERY + 1) + " AND " + entry));
            }
        }
        cursor.advance();
        return answer;
    }

    private static int expect(int rows, int deleted) {
        if (deleted != rows) {
            throw new IllegalStateException("deleted " + deleted + " rows, expected " + rows);
        }
        return deleted;
    }
}

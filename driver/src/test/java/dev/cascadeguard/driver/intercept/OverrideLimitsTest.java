package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #20's limits of an override: {@code SET guard.allow_rows} covers the next guarded execution and nothing after
 * it (not the next statement, not one of another connection, not one after a stopped statement), cannot ride along in
 * a batch or a multi-statement string, and an allowance ends with its connection or stays on its thread.
 */
class OverrideLimitsTest {

    private static Connection guarded(TestDb db) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("guard.confirmAbove", "0");
        return DriverManager.getConnection(db.guardUrl(), properties);
    }

    private static String stoppedState(Statement s, String sql) {
        SQLException e = catchThrowableOfType(() -> s.execute(sql), SQLException.class);
        return e == null ? "ran" : e.getSQLState();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB", "SQLITE"})
    void anOverrideNeverCoversASecondStatement(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Connection other = guarded(db);
             Statement s = c.createStatement(); Statement o = other.createStatement()) {
            db.execute("CREATE TABLE a (id int PRIMARY KEY)");
            for (int i = 1; i <= 8; i++) {
                db.execute("INSERT INTO a VALUES (" + i + ")");
            }
            s.execute("SET guard.allow_rows = 10");
            assertThat(stoppedState(s, "DELETE FROM a WHERE id = 1")).isEqualTo("ran");
            assertThat(stoppedState(s, "DELETE FROM a WHERE id = 2")).as("the second statement").isEqualTo("XG001");

            s.execute("SET guard.allow_rows = 10");
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM a WHERE id = ?")) {
                ps.setInt(1, 2);
                ps.execute();
                ps.setInt(1, 3);
                assertThat(catchThrowableOfType(ps::execute, SQLException.class).getSQLState())
                        .as("the same prepared statement again").isEqualTo("XG001");
            }

            s.execute("SET guard.allow_rows = 10");
            assertThat(stoppedState(o, "DELETE FROM a WHERE id = 3")).as("another connection").isEqualTo("XG001");
            assertThat(stoppedState(s, "SELECT 1")).as("a statement that destroys nothing spends nothing").isEqualTo("ran");
            assertThat(stoppedState(s, "DELETE FROM a WHERE id = 3")).isEqualTo("ran");

            s.execute("SET guard.allow_rows = 1");
            assertThat(stoppedState(s, "DELETE FROM a WHERE id IN (4, 5)")).isEqualTo("XG001");
            assertThat(stoppedState(s, "DELETE FROM a WHERE id = 4")).as("spent by the stopped statement")
                    .isEqualTo("XG001");

            s.addBatch("SET guard.allow_rows = 10");
            s.addBatch("DELETE FROM a WHERE id = 4");
            assertThat(catchThrowableOfType(s::executeBatch, SQLException.class).getMessage()).contains("on its own");
            s.clearBatch();
            assertThat(stoppedState(s, "SET guard.allow_rows = 10; DELETE FROM a WHERE id = 4")).isEqualTo("42000");
            assertThat(stoppedState(s, "DELETE FROM a WHERE id = 4")).as("the refused SET set nothing").isEqualTo("XG001");
            assertThat(db.count("a")).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void anAllowanceEndsWithItsConnectionAndStaysOnItsThread(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("CREATE TABLE a (id int PRIMARY KEY)", "INSERT INTO a VALUES (1), (2), (3), (4)");
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                s.execute("SET guard.allow_rows_total = 100");
                s.execute("SET guard.allow_rows = 100");
                assertThat(stoppedState(s, "DELETE FROM a WHERE id = 1")).isEqualTo("ran");
            }
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                assertThat(stoppedState(s, "DELETE FROM a WHERE id = 2")).as("a new connection").isEqualTo("XG001");
                try (var scope = CascadeGuard.allow(100, "test cleanup")) {
                    String onAnotherThread = CompletableFuture.supplyAsync(() -> {
                        try (Connection t = guarded(db); Statement ts = t.createStatement()) {
                            return stoppedState(ts, "DELETE FROM a WHERE id = 2");
                        } catch (SQLException e) {
                            return e.toString();
                        }
                    }).get();
                    assertThat(onAnotherThread).isEqualTo("XG001");
                    assertThat(stoppedState(s, "DELETE FROM a WHERE id = 2")).isEqualTo("ran");
                }
                assertThat(stoppedState(s, "DELETE FROM a WHERE id = 3")).as("the scope is closed").isEqualTo("XG001");
            }
            assertThat(db.count("a")).isEqualTo(2);
        }
    }
}

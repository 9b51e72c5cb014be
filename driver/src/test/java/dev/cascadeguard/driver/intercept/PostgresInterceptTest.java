package dev.cascadeguard.driver.intercept;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The paths only PostgreSQL exercises for real: {@code DELETE ... RETURNING} arrives through {@code executeQuery}.
 * Skipped with a message when no server is reachable, except under {@code CI=true}, where that is a failure.
 */
class PostgresInterceptTest {


    private Connection plain;
    private RejectingGuard guard;
    private GuardedConnection guarded;
    private String table;

    static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("connectTimeout", "3");
        try {
            String base = dev.cascadeguard.driver.testdb.PostgresServer.base();
            if (base == null) {
                throw new SQLException(dev.cascadeguard.driver.testdb.PostgresServer.problem());
            }
            return DriverManager.getConnection(base + "test", properties);
        } catch (SQLException unreachable) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL must be reachable at 127.0.0.1:5432 when CI=true", unreachable);
            }
            String message = "PostgreSQL not reachable at 127.0.0.1:5432: skipping";
            System.err.println(message + " (" + unreachable.getMessage() + ")");
            Assumptions.assumeTrue(false, message);
            throw unreachable; // not reached: the assumption aborts the test
        }
    }

    @BeforeEach
    void createTable() throws SQLException {
        plain = connect();
        table = "intercept_item_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Statement statement = plain.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id SERIAL PRIMARY KEY, name TEXT)");
            statement.execute("INSERT INTO " + table + " (name) VALUES ('one'), ('two'), ('three')");
        }
        guard = new RejectingGuard();
        guarded = new GuardedConnection(connect(), guard, guard);
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (guarded != null) {
            guarded.close();
        }
        if (plain != null) {
            try (Statement statement = plain.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            plain.close();
        }
    }

    private long count() throws SQLException {
        try (Statement statement = plain.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void deleteReturningThroughExecuteQueryReachesTheGuardFirst() throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE id = 1 RETURNING id";
        try (Statement statement = guarded.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery(sql))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("rejected by test guard")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
        }
        assertThat(guard.last()).isEqualTo(new RejectingGuard.Call("beforeExecute", sql, List.of()));
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void preparedDeleteReturningThroughExecuteQueryReachesTheGuardFirst() throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE id = ? RETURNING id";
        try (PreparedStatement statement = guarded.prepareStatement(sql)) {
            statement.setInt(1, 2);
            assertThatThrownBy(statement::executeQuery)
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
        }
        assertThat(guard.last()).isEqualTo(new RejectingGuard.Call("beforeExecute(prepared)", sql, List.of(2)));
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void aBatchMixingInsertAndDeleteInsertsNothing() throws SQLException {
        try (Statement statement = guarded.createStatement()) {
            statement.addBatch("INSERT INTO " + table + " (name) VALUES ('four')");
            statement.addBatch("DELETE FROM " + table + " WHERE id = 1");
            assertThatThrownBy(statement::executeBatch)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
        }
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void unwrapReachesThePostgresConnection() throws SQLException {
        org.postgresql.PGConnection pg = guarded.unwrap(org.postgresql.PGConnection.class);
        assertThat(pg).isNotNull().isNotSameAs(guarded);
        assertThat(guarded.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
        assertThat(guarded.unwrap(dev.cascadeguard.driver.GuardConnection.class)).isSameAs(guarded);
    }

    @Test
    void resultsAndGeneratedKeysAreIdenticalToThePlainConnection() throws SQLException {
        String query = "SELECT id, name FROM " + table + " ORDER BY id";
        try (Statement guardedStatement = guarded.createStatement();
             Statement plainStatement = plain.createStatement();
             ResultSet guardedRows = guardedStatement.executeQuery(query);
             ResultSet plainRows = plainStatement.executeQuery(query)) {
            assertThat(H2Fixture.rows(guardedRows)).isEqualTo(H2Fixture.rows(plainRows)).hasSize(3);
            assertThat(guardedRows.getStatement()).isSameAs(guardedStatement);
        }
        try (PreparedStatement insert = guarded.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)",
                new String[] {"id"})) {
            insert.setString(1, "four");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.getStatement()).isSameAs(insert);
                assertThat(H2Fixture.rows(keys)).containsExactly(List.of(4));
            }
        }
        try (Statement update = guarded.createStatement()) {
            assertThat(update.executeUpdate("UPDATE " + table + " SET name = upper(name) WHERE id <= 2"))
                    .isEqualTo(2);
        }
        assertThat(count()).isEqualTo(4);
    }
}

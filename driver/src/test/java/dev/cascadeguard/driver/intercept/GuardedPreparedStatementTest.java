package dev.cascadeguard.driver.intercept;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedPreparedStatementTest extends H2Fixture {

    private static final String DELETE_BY_ID = "DELETE FROM item WHERE id = ?";

    @FunctionalInterface
    interface PreparedPath {
        void run(PreparedStatement statement) throws SQLException;
    }

    static Stream<Named<PreparedPath>> executionPaths() {
        return Stream.of(
                Named.of("execute()", PreparedStatement::execute),
                Named.of("executeUpdate()", PreparedStatement::executeUpdate),
                Named.of("executeLargeUpdate()", PreparedStatement::executeLargeUpdate),
                Named.of("executeQuery()", s -> s.executeQuery().close()),
                Named.of("addBatch() + executeBatch()", s -> {
                    s.addBatch();
                    s.executeBatch();
                }),
                Named.of("addBatch() + executeLargeBatch()", s -> {
                    s.addBatch();
                    s.executeLargeBatch();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executionPaths")
    void destructiveSqlReachesTheGuardBeforeTheDatabase(PreparedPath path) throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement(DELETE_BY_ID)) {
            statement.setInt(1, 2);
            assertThatThrownBy(() -> path.run(statement))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("rejected by test guard")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
        }
        assertThat(count("item")).isEqualTo(3);
        assertThat(guard.last().sql()).isEqualTo(DELETE_BY_ID);
        assertThat(guard.last().method()).isIn("beforeExecute(prepared)", "beforeBatch(prepared)");
    }

    @Test
    void theGuardSeesTheValuesBoundAtExecution() throws SQLException {
        Timestamp created = Timestamp.valueOf("2026-01-02 03:04:05");
        try (PreparedStatement statement = guarded.prepareStatement("DELETE FROM item WHERE id = ? OR qty = ? "
                + "OR name = ? OR note = ? OR note = ? OR created = ? OR price = ?")) {
            statement.setInt(1, 7);
            statement.setLong(2, 8L);
            statement.setString(3, "eight");
            statement.setNull(4, Types.VARCHAR);
            statement.setObject(5, "object");
            statement.setTimestamp(6, created);
            statement.setBigDecimal(7, new BigDecimal("1.50"));
            assertThatThrownBy(statement::executeUpdate).isInstanceOf(SQLException.class);
        }
        assertThat(guard.last().values())
                .containsExactly(7, 8L, "eight", null, "object", created, new BigDecimal("1.50"));
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void reboundAndClearedParametersAreSeenAtEachExecution() throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement("DELETE FROM item WHERE id = ? OR name = ?")) {
            statement.setInt(1, 1);
            statement.setString(2, "one");
            assertThatThrownBy(statement::execute).isInstanceOf(SQLException.class);
            assertThat(guard.last().values()).containsExactly(1, "one");

            statement.setInt(1, 2);
            assertThatThrownBy(statement::execute).isInstanceOf(SQLException.class);
            assertThat(guard.last().values()).containsExactly(2, "one");

            statement.clearParameters();
            assertThatThrownBy(statement::execute).isInstanceOf(SQLException.class);
            assertThat(guard.last().values()).isEmpty();

            statement.setObject(2, 3, Types.INTEGER);
            statement.setObject(1, "x", JDBCType.VARCHAR);
            assertThatThrownBy(statement::execute).isInstanceOf(SQLException.class);
            assertThat(guard.last().values()).containsExactly("x", 3);
        }
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void aPreparedBatchIsCheckedWithOneParameterSetPerAddBatch() throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement(DELETE_BY_ID)) {
            statement.setInt(1, 1);
            statement.addBatch();
            statement.setInt(1, 2);
            statement.addBatch();
            assertThatThrownBy(statement::executeBatch).isInstanceOf(SQLException.class);
            assertThat(guard.last()).isEqualTo(new RejectingGuard.Call("beforeBatch(prepared)", DELETE_BY_ID,
                    List.of(List.of(1), List.of(2))));

            // the rejected batch is gone: the next check sees only what was added since
            statement.setInt(1, 3);
            statement.addBatch();
            assertThatThrownBy(statement::executeLargeBatch).isInstanceOf(SQLException.class);
            assertThat(guard.last().values()).containsExactly(List.of(3));
        }
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void recordedValuesReplayOntoAnotherStatement() throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement("DELETE FROM item WHERE id = ? AND name = ?")) {
            statement.setLong(1, 42L);
            statement.setString(2, "answer");
            assertThatThrownBy(statement::execute).isInstanceOf(SQLException.class);
        }
        ParameterLog recorded = guard.lastParameters;
        try (PreparedStatement select = plain.prepareStatement("SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR)")) {
            recorded.get(1).binder().bind(select, 1);
            recorded.get(2).binder().bind(select, 2);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows(rows)).containsExactly(List.of(42L, "answer"));
            }
        }
    }

    @Test
    void streamsAreRecordedAsNotReplayable() throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement("DELETE FROM item WHERE name = ? OR note = ?")) {
            statement.setCharacterStream(1, new StringReader("one"));
            statement.setBinaryStream(2, new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), 1);
            assertThatThrownBy(statement::execute).isInstanceOf(SQLException.class);
        }
        ParameterLog recorded = guard.lastParameters;
        assertThat(recorded.get(1).replayable()).isFalse();
        assertThat(recorded.get(2).replayable()).isFalse();
        assertThat(recorded.get(1).value()).isNull();
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void aNonDestructivePreparedStatementIsPassThrough() throws SQLException {
        String query = "SELECT id, name FROM item WHERE id >= ? ORDER BY id";
        try (PreparedStatement guardedQuery = guarded.prepareStatement(query);
             PreparedStatement plainQuery = plain.prepareStatement(query)) {
            guardedQuery.setInt(1, 2);
            plainQuery.setInt(1, 2);
            try (ResultSet guardedRows = guardedQuery.executeQuery(); ResultSet plainRows = plainQuery.executeQuery()) {
                assertThat(guardedRows.getStatement()).isSameAs(guardedQuery);
                assertThat(rows(guardedRows)).isEqualTo(rows(plainRows)).hasSize(2);
            }
        }
        try (PreparedStatement insert = guarded.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
            insert.setInt(1, 4);
            insert.setString(2, "four");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            insert.setInt(1, 5);
            insert.addBatch();
            insert.setInt(1, 6);
            insert.addBatch();
            assertThat(insert.executeBatch()).containsExactly(1, 1);
        }
        assertThat(guard.methods()).containsExactly("prepare", "prepare");
        assertThat(count("item")).isEqualTo(6);
    }

    @Test
    void anAllowedCheckedStatementRunsWithTheSameResultsAsThePlainConnection() throws SQLException {
        String update = "UPDATE item SET qty = ? WHERE id <= ?";
        try (PreparedStatement guardedUpdate = guarded.prepareStatement(update);
             PreparedStatement plainUpdate = plain.prepareStatement(update)) {
            guardedUpdate.setLong(1, 5L);
            guardedUpdate.setInt(2, 2);
            plainUpdate.setLong(1, 6L);
            plainUpdate.setInt(2, 2);
            assertThat(guardedUpdate.executeUpdate()).isEqualTo(plainUpdate.executeUpdate()).isEqualTo(2);
            guardedUpdate.setInt(2, 3);
            assertThat(guardedUpdate.executeLargeUpdate()).isEqualTo(3L);
            guardedUpdate.addBatch();
            guardedUpdate.setInt(2, 1);
            guardedUpdate.addBatch();
            assertThat(guardedUpdate.executeBatch()).containsExactly(3, 1);
        }
        assertThat(guard.calls.stream().filter(c -> c.method().equals("beforeExecute(prepared)")))
                .extracting(RejectingGuard.Call::values)
                .containsExactly(List.of(5L, 2), List.of(5L, 3));
        assertThat(guard.last().values()).containsExactly(List.of(5L, 3), List.of(5L, 1));
    }

    @Test
    void generatedKeysOfAPreparedInsertComeBackThroughTheWrapper() throws SQLException {
        try (PreparedStatement insert = guarded.prepareStatement("INSERT INTO keyed (name) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "a");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.getStatement()).isSameAs(insert);
                assertThat(rows(keys)).containsExactly(List.of(1));
            }
        }
        try (PreparedStatement insert = guarded.prepareStatement("INSERT INTO keyed (name) VALUES (?)",
                new String[] {"ID"})) {
            insert.setString(1, "b");
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(rows(keys)).containsExactly(List.of(2));
            }
        }
    }

    @Test
    void statementStyleExecutionOnAPreparedStatementGoesThroughTheGuardToo() throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement("SELECT 1")) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM item"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM item", new int[] {1}))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThat(statement.getConnection()).isSameAs(guarded);
        }
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void everyPreparedOverloadIsGuarded() throws SQLException {
        List<PreparedStatement> statements = Arrays.asList(
                guarded.prepareStatement(DELETE_BY_ID, Statement.RETURN_GENERATED_KEYS),
                guarded.prepareStatement(DELETE_BY_ID, new int[] {1}),
                guarded.prepareStatement(DELETE_BY_ID, new String[] {"ID"}),
                guarded.prepareStatement(DELETE_BY_ID, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY),
                guarded.prepareStatement(DELETE_BY_ID, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                        ResultSet.HOLD_CURSORS_OVER_COMMIT));
        for (PreparedStatement statement : statements) {
            statement.setInt(1, 1);
            assertThatThrownBy(statement::executeUpdate)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThat(statement.unwrap(PreparedStatement.class)).isSameAs(statement);
            statement.close();
        }
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void aConsumedPreparedSessionCommandNeverReachesTheDatabase() throws SQLException {
        // only UPDATE/DELETE get a check from the test guard, so route a session command through the String path
        try (PreparedStatement statement = guarded.prepareStatement("SELECT 1")) {
            assertThat(statement.executeUpdate("SET guard.allow_rows = 10")).isZero();
            assertThat(statement.getUpdateCount()).isZero();
        }
    }
}

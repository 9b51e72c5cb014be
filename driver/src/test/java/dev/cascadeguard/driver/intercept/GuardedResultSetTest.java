package dev.cascadeguard.driver.intercept;

import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedResultSetTest extends H2Fixture {

    @Test
    void deleteRowOnAnUpdatableResultSetReachesTheGuardFirst() throws SQLException {
        try (Statement statement = guarded.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
                ResultSet.CONCUR_UPDATABLE);
             ResultSet rows = statement.executeQuery("SELECT id, name FROM item ORDER BY id")) {
            assertThat(rows.getConcurrency()).isEqualTo(ResultSet.CONCUR_UPDATABLE);
            assertThat(rows.next()).isTrue();
            assertThatThrownBy(rows::deleteRow)
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThat(guard.last().method()).isEqualTo("beforeDeleteRow");

            // updating a row is not the guard's business here and goes straight through
            rows.updateString("name", "uno");
            rows.updateRow();
        }
        assertThat(count("item")).isEqualTo(3);
        try (Statement statement = plain.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM item WHERE id = 1")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("uno");
        }
    }

    @Test
    void deleteRowFromAPreparedQueryIsGuardedToo() throws SQLException {
        try (PreparedStatement statement = guarded.prepareStatement("SELECT id, name FROM item",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            assertThatThrownBy(rows::deleteRow)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThat(rows.getStatement()).isSameAs(statement);
        }
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void theResultSetIsTransparent() throws SQLException {
        try (Statement statement = guarded.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, name FROM item ORDER BY id")) {
            assertThat(rows.unwrap(ResultSet.class)).isSameAs(rows);
            assertThat(rows.unwrap(org.h2.jdbc.JdbcResultSet.class)).isNotSameAs(rows);
            assertThat(rows.isWrapperFor(org.h2.jdbc.JdbcResultSet.class)).isTrue();
            assertThat(rows.findColumn("NAME")).isEqualTo(2);
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt("ID")).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("one");
            assertThat(rows.toString()).startsWith("guarded ");
        }
    }
}

package dev.cascadeguard.driver.intercept;

import org.junit.jupiter.api.Test;

import java.sql.CallableStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedCallableStatementTest extends H2Fixture {

    @Test
    void aDestructiveCallReachesTheGuardWithItsParameters() throws SQLException {
        String sql = "DELETE FROM item WHERE id = ?";
        try (CallableStatement call = guarded.prepareCall(sql)) {
            call.setInt(1, 3);
            assertThatThrownBy(call::executeUpdate)
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThatThrownBy(call::execute)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            call.addBatch();
            assertThatThrownBy(call::executeBatch)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
        }
        assertThat(guard.calls).contains(new RejectingGuard.Call("beforeExecute(prepared)", sql, List.of(3)),
                new RejectingGuard.Call("beforeBatch(prepared)", sql, List.of(List.of(3))));
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void everyPrepareCallOverloadIsGuarded() throws SQLException {
        try (CallableStatement scrollable = guarded.prepareCall("DELETE FROM item",
                ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
             CallableStatement holdable = guarded.prepareCall("DELETE FROM item",
                     ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
            assertThatThrownBy(scrollable::executeLargeUpdate)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
            assertThatThrownBy(holdable::executeUpdate)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(RejectingGuard.REJECTED_STATE);
        }
        assertThat(count("item")).isEqualTo(3);
    }

    @Test
    void aNonDestructiveCallIsPassThroughAndLeadsBackToTheWrapper() throws SQLException {
        try (CallableStatement call = guarded.prepareCall("SELECT name FROM item WHERE id = ?")) {
            call.setInt(1, 2);
            try (ResultSet rows = call.executeQuery()) {
                assertThat(rows.getStatement()).isSameAs(call);
                assertThat(rows(rows)).containsExactly(List.of("two"));
            }
            assertThat(call.getConnection()).isSameAs(guarded);
            assertThat(call.unwrap(CallableStatement.class)).isSameAs(call);
            assertThat(call.isWrapperFor(org.h2.jdbc.JdbcCallableStatement.class)).isTrue();
        }
        assertThat(guard.methods()).containsExactly("prepare");
    }
}

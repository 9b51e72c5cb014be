package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.driver.GuardConnection;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedConnectionTest extends H2Fixture {

    @Test
    void unwrapFindsTheWrapperOrTheRealConnection() throws SQLException {
        assertThat(guarded.unwrap(GuardConnection.class)).isSameAs(guarded);
        assertThat(guarded.unwrap(Connection.class)).isSameAs(guarded);
        assertThat(guarded.unwrap(org.h2.jdbc.JdbcConnection.class)).isSameAs(realOfGuarded);
        assertThat(guarded.isWrapperFor(GuardConnection.class)).isTrue();
        assertThat(guarded.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
        assertThat(guarded.isWrapperFor(String.class)).isFalse();
        assertThatThrownBy(() -> guarded.unwrap(String.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void equalitySeesThroughTheWrapper() throws SQLException {
        GuardedConnection second = new GuardedConnection(realOfGuarded, guard, guard);
        assertThat(guarded).isEqualTo(second).isEqualTo(realOfGuarded).hasSameHashCodeAs(realOfGuarded);
        assertThat(guarded).isNotEqualTo(plain);
        try (Connection other = DriverManager.getConnection(url)) {
            assertThat(guarded).isNotEqualTo(new GuardedConnection(other, guard, guard));
        }
        assertThat(guarded.toString()).startsWith("guarded ").contains(realOfGuarded.toString());
    }

    @Test
    void closeTellsTheGuardExactlyOnce() throws SQLException {
        guarded.close();
        guarded.close();
        assertThat(guard.connectionsClosed).isEqualTo(1);
        assertThat(guarded.isClosed()).isTrue();
        assertThat(realOfGuarded.isClosed()).isTrue();
    }

    @Test
    void theRealConnectionClosesEvenWhenTheGuardFails() {
        guard.failOnClose = new IllegalStateException("guard failed");
        assertThatThrownBy(guarded::close).isInstanceOf(IllegalStateException.class);
        assertThat(guard.connectionsClosed).isEqualTo(1);
        assertThat(guarded).satisfies(c -> assertThat(realOfGuarded.isClosed()).isTrue());
    }

    @Test
    void abortEndsTheSessionToo() throws SQLException {
        guarded.abort(Runnable::run);
        guarded.close();
        assertThat(guard.connectionsClosed).isEqualTo(1);
        assertThat(guarded.isClosed()).isTrue();
    }

    @Test
    void metadataLeadsBackToTheWrapper() throws SQLException {
        DatabaseMetaData metadata = guarded.getMetaData();
        assertThat(metadata.getConnection()).isSameAs(guarded);
        assertThat(metadata.getURL()).isEqualTo(plain.getMetaData().getURL());
        assertThat(metadata.unwrap(DatabaseMetaData.class)).isSameAs(metadata);
        assertThat(metadata.isWrapperFor(org.h2.jdbc.JdbcDatabaseMetaData.class)).isTrue();
        try (ResultSet tables = metadata.getTables(null, null, "ITEM", null)) {
            assertThat(tables.next()).isTrue();
        }
    }

    @Test
    void theSessionApiIsForwarded() throws SQLException {
        guarded.allowNext(5, "cleanup");
        guarded.clearOverride();
        guarded.preview("DELETE FROM item WHERE id = ?", 1);
        guarded.refreshMetadata();
        assertThat(guard.calls).containsExactly(
                new RejectingGuard.Call("allowNext", "cleanup", List.of(5L)),
                new RejectingGuard.Call("clearOverride", null, List.of()),
                new RejectingGuard.Call("preview", "DELETE FROM item WHERE id = ?", List.of(1)),
                new RejectingGuard.Call("refreshMetadata", null, List.of()));
        assertThat(count("item")).isEqualTo(3);

        guarded.close();
        assertThatThrownBy(() -> guarded.allowNext(1, "too late"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
    }

    @Test
    void plainConnectionSettingsAreDelegated() throws SQLException {
        guarded.setAutoCommit(false);
        assertThat(realOfGuarded.getAutoCommit()).isFalse();
        guarded.rollback();
        assertThat(guarded.nativeSQL("SELECT 1")).isEqualTo(realOfGuarded.nativeSQL("SELECT 1"));
        assertThat(guarded.isValid(1)).isTrue();
    }
}

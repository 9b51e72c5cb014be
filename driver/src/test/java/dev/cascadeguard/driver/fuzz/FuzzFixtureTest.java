package dev.cascadeguard.driver.fuzz;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fuzz oracle is not vacuous: with the guard off, a destructive statement is caught by the row check. */
class FuzzFixtureTest {

    @Test
    void aDeleteTheGuardDidNotStopFailsTheCheck() throws SQLException {
        Properties off = FuzzFixture.stopEveryDestruction();
        off.setProperty("guard.mode", "off");
        try (FuzzFixture fixture = new FuzzFixture(TestDatabase.H2, off);
             Statement s = fixture.guarded().createStatement()) {
            s.executeUpdate("DELETE FROM parent WHERE id = 3");
            assertThatThrownBy(() -> fixture.checkIntactAndReset("DELETE FROM parent WHERE id = 3"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("rows lost or referenced keys changed (parent 2/3 child 4/10 grandchild 8/36)");
        }
    }

    @Test
    void aHarmlessInsertStartsOverOnAFreshDatabase() throws SQLException {
        try (FuzzFixture fixture = new FuzzFixture(TestDatabase.H2);
             Statement s = fixture.guarded().createStatement()) {
            s.executeUpdate("INSERT INTO parent VALUES (4, 'p4')");
            fixture.checkIntactAndReset("INSERT INTO parent VALUES (4, 'p4')");
            assertThat(fixture.resets()).isEqualTo(1);
            try (var rows = fixture.guarded().createStatement().executeQuery("select count(*) from parent")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(3);
            }
        }
    }
}

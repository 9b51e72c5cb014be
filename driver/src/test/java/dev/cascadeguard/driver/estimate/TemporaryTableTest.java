package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session's temporary tables are not in the shared foreign-key graph; deleting from them (as cleanup scripts
 * do) is counted and ruled on like any table, not refused as unknown.
 */
class TemporaryTableTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void deletesFromTemporaryTablesAreCountedAndDecided(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table keep (id int primary key)");
            Properties p = new Properties();
            p.setProperty("guard.confirmAbove", "50");
            try (Connection c = DriverManager.getConnection(db.guardUrl(), p); Statement s = c.createStatement()) {
                s.execute("create temporary table tmp_cleanup (id int primary key)");
                for (int i = 1; i <= 60; i++) {
                    s.execute("insert into tmp_cleanup values (" + i + ")");
                }
                assertThat(s.executeUpdate("DELETE FROM tmp_cleanup WHERE id <= 5")).isEqualTo(5);
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM tmp_cleanup"))
                        .isInstanceOfSatisfying(ConfirmationRequiredException.class, e -> {
                            assertThat(e.rowsToAllow()).isEqualTo(55);
                            assertThat(e.getMessage()).contains("temporary table");
                        });
                try (ResultSet rs = s.executeQuery("select count(*) from tmp_cleanup")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(55);
                }
            }
        }
    }
}

package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code guard.sqliteForeignKeysOff} end to end through {@code jdbc:guard:}: on SQLite with {@code PRAGMA
 * foreign_keys} off it decides a DELETE that leaves rows pointing at deleted rows, beside the thresholds; on
 * MariaDB with {@code foreign_key_checks = 0} the thresholds alone decide.
 */
class ForeignKeysOffRulesTest {

    private static final String DELETE = "DELETE FROM authors WHERE id = 1";

    private static void schema(TestDb db) throws SQLException {
        db.execute("create table authors (id int primary key)",
                "create table posts (id int primary key, author_id int, "
                        + "constraint fk_author foreign key (author_id) references authors(id) on delete cascade)",
                "insert into authors values (1), (2)",
                "insert into posts values (10, 1), (11, 1), (12, 2)");
    }


    @Test
    void blockStopsADeleteThatOrphansRowsOnSqliteWithForeignKeysOff() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create();
             Connection c = db.guarded("guard.sqliteForeignKeysOff", "BLOCK");
             Statement s = c.createStatement()) {
            schema(db);
            s.execute("PRAGMA foreign_keys = OFF");

            SQLException e = catchThrowableOfType(() -> s.execute(DELETE), SQLException.class);

            assertThat((Throwable) e).isInstanceOf(StatementBlockedException.class);
            assertThat(e.getSQLState()).isEqualTo("XG002");
            assertThat(e.getMessage())
                    .contains("2 rows would be left pointing at deleted rows (PRAGMA foreign_keys is off): "
                            + "guard.sqliteForeignKeysOff = BLOCK")
                    .contains("foreign keys are off on this connection: 2 rows in posts will point at missing rows "
                            + "in authors");
            assertThat(db.count("authors")).isEqualTo(2);
            // a delete nothing references orphans nothing: the rule does not fire
            assertThat(s.executeUpdate("DELETE FROM posts WHERE id = 12")).isEqualTo(1);
        }
    }

    /** A review's finding: a batch was counted jointly, without its orphans, and ran past a BLOCK. */
    @Test
    void aBatchIsNoWayAroundTheSetting() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create();
             Connection c = db.guarded("guard.sqliteForeignKeysOff", "BLOCK")) {
            schema(db);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = OFF");
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM authors WHERE id = ?")) {
                ps.setInt(1, 1);
                ps.addBatch();
                ps.setInt(1, 2);
                ps.addBatch();
                SQLException e = catchThrowableOfType(ps::executeBatch, SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG002");
                assertThat(e.getMessage()).contains("guard.sqliteForeignKeysOff = BLOCK");
            }
            assertThat(db.count("authors")).isEqualTo(2);
        }
    }

    @Test
    void confirmAsksForAnOverrideAndLogLetsItRun() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create()) {
            schema(db);
            try (Connection c = db.guarded("guard.sqliteForeignKeysOff", "confirm"); Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = OFF");
                SQLException e = catchThrowableOfType(() -> s.execute(DELETE), SQLException.class);
                assertThat((Throwable) e).isInstanceOf(ConfirmationRequiredException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(db.count("authors")).isEqualTo(2);
            }
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = OFF");
                assertThat(s.executeUpdate(DELETE)).as("default LOG: it runs").isEqualTo(1);
                assertThat(db.count("authors")).isEqualTo(1);
                assertThat(db.count("posts")).as("nothing cascaded").isEqualTo(3);
            }
        }
    }

    @Test
    void withForeignKeysOnTheCascadeIsDecidedAsUsual() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create();
             Connection c = db.guarded("guard.sqliteForeignKeysOff", "BLOCK");
             Statement s = c.createStatement()) {
            schema(db);
            s.executeUpdate(DELETE); // sqlite-jdbc's update count includes the cascaded rows
            assertThat(db.count("authors")).isEqualTo(1);
            assertThat(db.count("posts")).as("cascaded").isEqualTo(1);
        }
    }

    @Test
    void theThresholdsStillDecideWhenTheyAreStricter() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create();
             Connection c = db.guarded("guard.sqliteForeignKeysOff", "LOG", "guard.blockAbove", "0");
             Statement s = c.createStatement()) {
            schema(db);
            s.execute("PRAGMA foreign_keys = OFF");
            SQLException e = catchThrowableOfType(() -> s.execute(DELETE), SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("XG002");
            assertThat(e.getMessage()).contains("guard.blockAbove");
        }
    }

    @Test
    void onMariaDbTheSettingDoesNotApplyAndTheThresholdsDecide() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create()) {
            schema(db);
            try (Connection c = db.guarded("guard.sqliteForeignKeysOff", "BLOCK"); Statement s = c.createStatement()) {
                s.execute("SET FOREIGN_KEY_CHECKS = 0");
                assertThat(s.executeUpdate("DELETE FROM authors WHERE id = 2")).isEqualTo(1);
                assertThat(db.count("posts")).as("nothing cascaded").isEqualTo(3);
            }
            try (Connection c = db.guarded("guard.confirmAbove", "0"); Statement s = c.createStatement()) {
                s.execute("SET FOREIGN_KEY_CHECKS = 0");
                SQLException e = catchThrowableOfType(() -> s.execute(DELETE), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(e.getMessage()).contains("1 row > guard.confirmAbove (0)")
                        .contains("foreign keys are off on this connection: 2 rows in posts will point at missing "
                                + "rows in authors");
            }
        }
    }
}

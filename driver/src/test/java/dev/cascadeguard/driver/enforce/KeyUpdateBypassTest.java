package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A review's findings on UPDATEs of referenced keys: ways such an UPDATE ran unseen, and a legitimate one refused.
 * Every case checks the rows in the database afterwards.
 */
class KeyUpdateBypassTest {

    /** p(code) is referenced by c ON UPDATE CASCADE; t is referenced by nothing. */
    private static void schema(TestDb db) throws SQLException {
        db.execute("create table p (id int primary key, code varchar(10) not null unique, v int)",
                "create table c (id int primary key, code varchar(10), "
                        + "constraint fk_c foreign key (code) references p(code) on update cascade)",
                "create table t (id int primary key)",
                "insert into p values (1, 'a', 0), (2, 'b', 0)",
                "insert into c values (10, 'a'), (11, 'a'), (12, 'b')",
                "insert into t values (1)");
    }

    private static Connection guarded(String url, String... settings) throws SQLException {
        Properties p = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty(settings[i], settings[i + 1]);
        }
        return DriverManager.getConnection(url, p);
    }

    @Test
    void aMultiTableUpdateSettingAKeyOfItsSecondTableFailsClosed() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create()) {
            schema(db);
            try (Connection c = guarded(db.guardUrl()); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(
                        () -> s.executeUpdate("UPDATE t, p SET p.code = 'zz' WHERE p.id = 1 AND t.id = 1"),
                        SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG003");
            }
            assertThat(db.count("c where code = 'a'")).isEqualTo(2);
        }
    }

    @Test
    void anUpdateInAnExecutableCommentFailsClosed() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create()) {
            schema(db);
            try (Connection c = guarded(db.guardUrl()); Statement s = c.createStatement()) {
                for (String sql : List.of("/*!50000UPDATE p SET code = 'x' WHERE id = 1*/",
                        "UPDATE p SET v = 1 /*!, code = 'y' */ WHERE id = 1")) {
                    SQLException e = catchThrowableOfType(() -> s.executeUpdate(sql), SQLException.class);
                    assertThat(e.getSQLState()).as(sql).isEqualTo("XG003");
                    assertThat(e.getMessage()).as(sql).contains("executable comment");
                }
                // an UPDATE that names no key at all still runs as before
                assertThat(s.executeUpdate("UPDATE t SET id = 5 WHERE id = 1")).isEqualTo(1);
            }
            assertThat(db.count("c where code = 'a'")).isEqualTo(2);
        }
    }

    /** pgJDBC's stringtype=unspecified (common with Hibernate) sends untyped parameters: still counted, not XG003. */
    @Test
    void anUntypedParameterIsCountedOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            schema(db);
            try (Connection c = guarded(db.guardUrl() + "&stringtype=unspecified", "guard.confirmAbove", "1");
                 PreparedStatement ps = c.prepareStatement("UPDATE p SET code = ? WHERE id = ?")) {
                ps.setString(1, "a2");
                ps.setInt(2, 1);
                SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG001");
                // the same value again changes no key: runs under the same threshold
                ps.setString(1, "a");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(db.count("c where code = 'a'")).isEqualTo(2);
        }
    }

    /** PostgreSQL fires ON UPDATE actions when the stored value changes: numeric 1 → 1.00 is such a change. */
    @Test
    void aKeyRewrittenToAnEqualValueInAnotherFormIsCountedOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            db.execute("create table pn (id int primary key, amount numeric not null unique)",
                    "create table cn (id int primary key, amount numeric references pn(amount) on update set null)",
                    "insert into pn values (1, 1)", "insert into cn values (10, 1)");
            try (Connection c = guarded(db.guardUrl(), "guard.confirmAbove", "0"); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.executeUpdate("UPDATE pn SET amount = 1.00 WHERE id = 1"),
                        SQLException.class);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG001");
                assertThat(s.executeUpdate("UPDATE pn SET amount = 1 WHERE id = 1")).isEqualTo(1); // same text: runs
            }
            assertThat(db.count("cn where amount is not null")).isEqualTo(1);
        }
    }

    /** SQLite runs a REPLACE after a WITH clause like a plain one: it deleted the children unseen before. */
    @Test
    void aReplaceAfterWithFailsClosedOnSqlite() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create()) {
            db.execute("create table rp (id int primary key, v int)",
                    "create table rc (id int primary key, p int references rp(id) on delete cascade)",
                    "insert into rp values (1, 0)", "insert into rc values (10, 1), (11, 1)");
            try (Connection c = guarded(db.guardUrl()); Statement s = c.createStatement()) {
                for (String sql : List.of("WITH x(a) AS (SELECT 1) REPLACE INTO rp (id, v) SELECT a, 5 FROM x",
                        "WITH x(a) AS (SELECT 1) INSERT OR REPLACE INTO rp (id, v) SELECT a, 5 FROM x")) {
                    SQLException e = catchThrowableOfType(() -> s.executeUpdate(sql), SQLException.class);
                    assertThat((Throwable) e).as(sql).isNotNull();
                    assertThat(e.getSQLState()).as(sql).isEqualTo("XG003");
                }
            }
            assertThat(db.count("rc")).isEqualTo(2);
        }
    }

    /** Inside a cleanup budget a code block is refused before it is looked at as a key update. */
    @Test
    void aCodeBlockThatUpdatesIsRefusedInsideACleanupBudget() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            schema(db);
            try (Connection c = guarded(db.guardUrl()); Statement s = c.createStatement();
                 Allowance budget = CascadeGuard.cleanupBudget(100, List.of(), "test cleanup")) {
                SQLException e = catchThrowableOfType(
                        () -> s.execute("DO $$BEGIN UPDATE p SET code = 'q' WHERE id = 1; END$$"), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG002");
            }
            assertThat(db.count("c where code = 'a'")).isEqualTo(2);
        }
    }
}

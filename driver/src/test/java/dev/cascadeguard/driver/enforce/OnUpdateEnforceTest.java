package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.UncheckableStatementException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The driver stops an UPDATE of a referenced key by its ON UPDATE consequences, and lets every other UPDATE run. */
class OnUpdateEnforceTest {

    private static void schema(TestDb db) throws SQLException {
        db.execute("create table p (id int primary key, code varchar(10) not null, name varchar(20), "
                        + "constraint p_code unique (code))",
                "create table c (id int primary key, pc varchar(10), constraint c_fk foreign key (pc) "
                        + "references p (code) on update cascade)",
                "insert into p values (1, 'a', 'one'), (2, 'b', 'two')",
                "insert into c values (10, 'a'), (11, 'a'), (12, 'a'), (13, 'b')");
    }

    private static Connection guarded(TestDb db, String confirmAbove) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.confirmAbove", confirmAbove);
        p.setProperty("guard.logAbove", "0");
        return DriverManager.getConnection(db.guardUrl(), p);
    }

    private static String codesOfC(TestDb db) throws SQLException {
        StringBuilder codes = new StringBuilder();
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pc from c order by id")) {
            while (rs.next()) {
                codes.append(rs.getString(1)).append(' ');
            }
        }
        return codes.toString().strip();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void aRenameOverConfirmAboveIsStoppedAndTheRowsStayAsTheyWere(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db, "2"); Statement s = c.createStatement()) {
            schema(db);
            ConfirmationRequiredException stopped = catchThrowableOfType(
                    () -> s.executeUpdate("update p set code = 'x' where id = 1"), ConfirmationRequiredException.class);
            assertThat((Throwable) stopped).isNotNull();
            assertThat(stopped.getSQLState()).isEqualTo("XG001");
            assertThat(stopped.getMessage()).contains("3 rows > guard.confirmAbove (2)").contains("3 rows  UPDATE CASCADE");
            assertThat(codesOfC(db)).isEqualTo("a a a b");

            try (PreparedStatement ps = c.prepareStatement("update p set code = ? where id = ?")) {
                ps.setString(1, "x");
                ps.setInt(2, 1);
                assertThat((Throwable) catchThrowableOfType(ps::executeUpdate, ConfirmationRequiredException.class))
                        .isNotNull();
                assertThat(codesOfC(db)).isEqualTo("a a a b");
                ps.setString(1, "y");
                ps.setInt(2, 2);
                assertThat(ps.executeUpdate()).isEqualTo(1); // 1 row rewritten: under the threshold
            }
            assertThat(codesOfC(db)).isEqualTo("a a a y");

            c.unwrap(GuardConnection.class).allowNext(4, "renaming a");
            s.executeUpdate("update p set code = 'x' where id = 1");
            assertThat(codesOfC(db)).isEqualTo("x x x y");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void updatesOfOtherColumnsAndOfKeysToTheirOwnValueRun(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db, "0"); Statement s = c.createStatement()) {
            schema(db);
            assertThat(s.executeUpdate("update p set name = 'code' where id = 1")).isEqualTo(1);
            assertThat(s.executeUpdate("update p set code = code")).isEqualTo(2);
            try (PreparedStatement ps = c.prepareStatement("update c set pc = ? where id = ?")) {
                ps.setString(1, "b");
                ps.setInt(2, 10);
                assertThat(ps.executeUpdate()).isEqualTo(1); // c.pc references, nothing references it
            }
            assertThat(codesOfC(db)).isEqualTo("b a a b");
        }
    }

    /** UPDATE ... FROM (PostgreSQL) and the multi-table UPDATE (MariaDB) of a referenced key fail closed. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void anUpdateJoiningOtherTablesFailsClosed(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db, "1000"); Statement s = c.createStatement()) {
            schema(db);
            String sql = kind == TestDatabase.POSTGRES
                    ? "update p set code = 'x' from c where c.pc = p.code and c.id = 10"
                    : "update p join c on c.pc = p.code set p.code = 'x' where c.id = 10";
            UncheckableStatementException stopped = catchThrowableOfType(() -> s.executeUpdate(sql),
                    UncheckableStatementException.class);
            assertThat((Throwable) stopped).isNotNull();
            assertThat(stopped.getSQLState()).isEqualTo("XG003");
            assertThat(codesOfC(db)).isEqualTo("a a a b");
        }
    }

    /**
     * MariaDB assigns the SET list left to right: {@code SET name = 'q', code = name} gives code 'q' there (the other
     * databases read the old name). A key value that reads a column assigned before it fails closed on MariaDB.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB"})
    void aKeyReadingAnEarlierAssignmentFailsClosedOnMariaDb(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db, "1000"); Statement s = c.createStatement()) {
            schema(db);
            UncheckableStatementException stopped = catchThrowableOfType(
                    () -> s.executeUpdate("update p set name = 'q', code = name where id = 1"),
                    UncheckableStatementException.class);
            assertThat((Throwable) stopped).isNotNull();
            assertThat(stopped.getMessage()).contains("assigns before it");
            assertThat(s.executeUpdate("update p set code = name, name = 'q' where id = 2")).isEqualTo(1);
            assertThat(codesOfC(db)).isEqualTo("a a a two");
        }
    }

    /** With SQLite's foreign keys off nothing fires: the referencing rows keep the old key, reported as ORPHAN. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE"})
    void withForeignKeysOffTheReferencingRowsKeepTheOldKey(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db, "1000"); Statement s = c.createStatement()) {
            schema(db);
            s.execute("pragma foreign_keys = off");
            var report = c.unwrap(GuardConnection.class).preview("update p set code = 'x' where id = 1");
            assertThat(report.reports()).hasSize(1);
            assertThat(report.reports().get(0).effects()).extracting(e -> e.table() + ":" + e.action() + "=" + e.rows())
                    .containsExactly("p:UPDATE=1", "c:ORPHAN=3");
            assertThat(report.reports().get(0).notes()).anyMatch(n -> n.contains("will keep the old key"));
            s.executeUpdate("update p set code = 'x' where id = 1"); // guard.sqliteForeignKeysOff=LOG: runs
            assertThat(codesOfC(db)).isEqualTo("a a a b");
        }
    }

    /**
     * Inside a REPEATABLE READ transaction the UPDATE's cascade rewrites the latest committed rows, not the snapshot:
     * the count reads them too (locking reads), as the DELETE count does.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB"})
    void insideARepeatableReadTransactionTheCountSeesWhatTheUpdateWillRewrite(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db, "1000")) {
            schema(db);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from c")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(4); // the snapshot is taken
            }
            db.execute("insert into c values (14, 'a'), (15, 'a')"); // another transaction, committed
            var report = c.unwrap(GuardConnection.class).preview("update p set code = 'x' where id = 1");
            assertThat(report.reports().get(0).effects()).extracting(e -> e.table() + ":" + e.action() + "=" + e.rows())
                    .containsExactly("p:UPDATE=1", "c:UPDATE_CASCADE=5");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update p set code = 'x' where id = 1");
                try (ResultSet rs = s.executeQuery("select count(*) from c where pc = 'x'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the database rewrote what the count said").isEqualTo(5);
                }
            }
            c.rollback();
        }
    }
}

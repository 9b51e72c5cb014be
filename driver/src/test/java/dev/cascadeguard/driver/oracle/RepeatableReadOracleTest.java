package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.TableEffect;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Stream;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.driver.testdb.TestDatabase.MARIADB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * InnoDB REPEATABLE READ: inside a transaction a plain SELECT reads the transaction's snapshot, taken at its first
 * read, while a DELETE (and its cascade) acts on the latest committed rows. T1 reads (the snapshot is taken), T2
 * inserts and commits more children, T1 deletes through the guard: the guard must count what the DELETE removes,
 * T2's rows included. Through MariaDB Connector/J and MySQL Connector/J.
 */
class RepeatableReadOracleTest {

    @TestFactory
    Stream<DynamicTest> countsTheRowsCommittedAfterTheSnapshot() {
        return Stream.of(
                DynamicTest.dynamicTest("MariaDB Connector/J", RepeatableReadOracleTest::committedAfterTheSnapshot),
                DynamicTest.dynamicTest("MySQL Connector/J", () -> TestDatabase.throughMySqlConnectorJ(
                        RepeatableReadOracleTest::committedAfterTheSnapshot)),
                DynamicTest.dynamicTest("stops on the rows committed after the snapshot",
                        RepeatableReadOracleTest::stopsOnTheRowsCommittedAfterTheSnapshot),
                DynamicTest.dynamicTest("multi-table DELETE", RepeatableReadOracleTest::multiTableAfterTheSnapshot));
    }

    private static TestDb family() throws Exception {
        TestDb db = MARIADB.create();
        db.execute("create table parent (id int primary key)",
                "create table child (id int primary key, parent_id int, "
                        + fk("fk_child_parent", "parent_id", "parent", "id", "cascade") + ")",
                "create table grandchild (id int primary key, child_id int, "
                        + fk("fk_gc_child", "child_id", "child", "id", "cascade") + ")",
                "create table note (id int primary key, parent_id int, "
                        + fk("fk_note_parent", "parent_id", "parent", "id", "set null") + ")",
                insert("parent", "1", "2"), insert("child", "1, 1", "2, 1", "3, 2"),
                insert("grandchild", "1, 1", "2, 3"), insert("note", "1, 1"));
        return db;
    }

    private static void committedAfterTheSnapshot() throws Exception {
        try (TestDb db = family()) {
            Properties off = new Properties();
            off.setProperty("guard.mode", "off");
            try (Connection t1 = DriverManager.getConnection(db.guardUrl(), off); Statement s1 = t1.createStatement()) {
                t1.setAutoCommit(false);
                assertThat(isolation(s1)).isEqualTo("REPEATABLE-READ");
                assertThat(count(s1, "select count(*) from child")).isEqualTo(3); // the snapshot is taken here
                db.execute("insert into child values (4, 1), (5, 1), (6, 2)", "insert into grandchild values "
                        + "(3, 4), (4, 4), (5, 5)", "insert into note values (2, 1)"); // T2, autocommit
                assertThat(count(s1, "select count(*) from child where parent_id = 1"))
                        .as("T1's plain reads still see its snapshot").isEqualTo(2);

                CascadeReport report = t1.unwrap(GuardConnection.class).preview("DELETE FROM parent WHERE id = 1")
                        .reports().get(0);
                assertThat(s1.executeUpdate("DELETE FROM parent WHERE id = 1")).isEqualTo(1);
                t1.commit();
                // what the DELETE really did: 4 children (2 + T2's 2), their 4 grandchildren, 2 notes nulled
                assertThat(db.count("child")).isEqualTo(6 - 4);
                assertThat(db.count("grandchild")).isEqualTo(5 - 4);
                assertThat(db.count("note where parent_id is null")).isEqualTo(2);
                assertThat(rows(report, "child", EffectAction.DELETE)).isEqualTo(4);
                assertThat(rows(report, "grandchild", EffectAction.DELETE)).isEqualTo(4);
                assertThat(rows(report, "note", EffectAction.SET_NULL)).isEqualTo(2);
            }
        }
    }

    /** A multi-table DELETE joins the latest committed rows too: T2's children are targets and cascade further. */
    private static void multiTableAfterTheSnapshot() throws Exception {
        try (TestDb db = family()) {
            Properties off = new Properties();
            off.setProperty("guard.mode", "off");
            try (Connection t1 = DriverManager.getConnection(db.guardUrl(), off); Statement s1 = t1.createStatement()) {
                t1.setAutoCommit(false);
                assertThat(count(s1, "select count(*) from child")).isEqualTo(3);
                db.execute("insert into child values (4, 1), (5, 1)", "insert into grandchild values (3, 4), (4, 5)");
                String sql = "DELETE p, c FROM parent p JOIN child c ON c.parent_id = p.id WHERE p.id = 1";
                CascadeReport report = t1.unwrap(GuardConnection.class).preview(sql).reports().get(0);
                s1.executeUpdate(sql);
                t1.commit();
                assertThat(db.count("child")).isEqualTo(5 - 4);
                assertThat(db.count("grandchild")).isEqualTo(4 - 3);
                assertThat(rows(report, "parent", EffectAction.DELETE)).isEqualTo(1);
                assertThat(rows(report, "child", EffectAction.DELETE)).isEqualTo(4);
                assertThat(rows(report, "grandchild", EffectAction.DELETE)).isEqualTo(3);
            }
        }
    }

    /** The rules decide on the rows the DELETE removes: 1 + 2 children in T1's snapshot, 1 + 4 + 4 + 2 in fact. */
    private static void stopsOnTheRowsCommittedAfterTheSnapshot() throws Exception {
        try (TestDb db = family()) {
            Properties settings = new Properties();
            settings.setProperty("guard.confirmAbove", "5");
            try (Connection t1 = DriverManager.getConnection(db.guardUrl(), settings);
                 Statement s1 = t1.createStatement()) {
                t1.setAutoCommit(false);
                assertThat(count(s1, "select count(*) from child")).isEqualTo(3);
                db.execute("insert into child values (4, 1), (5, 1)", "insert into grandchild values (3, 4), (4, 4)");
                assertThatThrownBy(() -> s1.executeUpdate("DELETE FROM parent WHERE id = 1"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG001"));
                t1.rollback();
            }
            assertThat(db.count("child")).isEqualTo(5);
        }
    }

    private static long rows(CascadeReport report, String table, EffectAction action) {
        return report.effects().stream().filter(e -> e.table().equalsIgnoreCase(table) && e.action() == action)
                .mapToLong(TableEffect::rows).sum();
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String isolation(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select @@tx_isolation")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

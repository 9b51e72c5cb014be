package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.driver.testdb.TestDatabase.MARIADB;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Rows reached from several targets count once: MySQL/MariaDB multi-table {@code DELETE t1, t2 FROM ...} where t2
 * is also a cascade child of t1, and batches whose statements remove the same rows (one directly, another through
 * a cascade). The database's own outcome is the oracle.
 */
class JointDeleteOracleTest {

    private static final String[] TABLES = {"parent", "child", "grandchild", "note", "other"};

    /**
     * parent 1..6; child (cascade from parent) 3 per parent; grandchild (cascade from child) 2 per child; note
     * (set null from child) on every second child; other: unrelated rows, one per parent id, cascading into
     * grandchild too (a second way in).
     */
    private static TestDb family(TestDatabase kind) throws Exception {
        TestDb db = kind.create();
        db.execute("create table parent (id int primary key, tag varchar(5))",
                "create table child (id int primary key, parent_id int, "
                        + fk("fk_child_parent", "parent_id", "parent", "id", "cascade") + ")",
                "create table other (id int primary key, tag varchar(5))",
                "create table grandchild (id int primary key, child_id int, other_id int, "
                        + fk("fk_gc_child", "child_id", "child", "id", "cascade") + ", "
                        + fk("fk_gc_other", "other_id", "other", "id", "cascade") + ")",
                "create table note (id int primary key, child_id int, "
                        + fk("fk_note_child", "child_id", "child", "id", "set null") + ")");
        List<String> parents = Sql.list(), children = Sql.list(), grand = Sql.list(), notes = Sql.list(),
                others = Sql.list();
        for (int p = 1; p <= 6; p++) {
            parents.add(p + ", 't" + (p % 2) + "'");
            others.add(p + ", 't" + (p % 2) + "'");
            for (int c = 0; c < 3; c++) {
                int child = p * 10 + c;
                children.add(child + ", " + p);
                for (int g = 0; g < 2; g++) {
                    grand.add(child * 10 + g + ", " + child + ", " + (1 + (child + g) % 6));
                }
                if (c % 2 == 0) {
                    notes.add(child + ", " + child);
                }
            }
        }
        db.execute(insert("parent", parents), insert("child", children), insert("other", others),
                insert("grandchild", grand), insert("note", notes));
        return db;
    }

    @Test
    void multiTableDeleteCountsARowReachedFromTwoTargetsOnce() throws Exception {
        try (TestDb db = family(MARIADB); Oracle oracle = Oracle.open(db, TABLES)) {
            // child is a target and a cascade child of parent: every child row is reached both ways
            Oracle.Outcome o = oracle.check("DELETE p, c FROM parent p JOIN child c ON c.parent_id = p.id "
                    + "WHERE p.id IN (1, 2)");
            assertThat(o.real("child", DELETE)).as(o.describe()).isEqualTo(6);
            assertThat(o.real("grandchild", DELETE)).as(o.describe()).isEqualTo(12);
            assertThat(o.predicted("child", DELETE) + o.predicted("parent", DELETE)).isEqualTo(8);

            // targets in the other order, and only some of the second target's rows
            o = oracle.check("DELETE c, p FROM child c JOIN parent p ON c.parent_id = p.id WHERE p.tag = 't1' "
                    + "AND c.id % 10 = 0");
            assertThat(o.real("parent", DELETE)).as(o.describe()).isEqualTo(3);
            assertThat(o.real("child", DELETE)).as(o.describe()).isEqualTo(9);

            // two unrelated targets whose cascades meet in grandchild; notes set to NULL once
            o = oracle.check("DELETE p, x FROM parent p JOIN other x ON x.id = p.id WHERE p.id <= ?", 3);
            assertThat(o.real("grandchild", DELETE)).as(o.describe()).isPositive();
            assertThat(o.real("note", SET_NULL)).as(o.describe()).isEqualTo(6);
        }
    }

    /**
     * RESTRICT under a multi-table DELETE: the referencing rows are targets too. MariaDB deletes the first
     * target's rows while scanning, so the check sees the referencing rows still there; the guard predicts the
     * failure there and must never miss one ({@link Oracle#assertSound}).
     */
    @Test
    void multiTableDeleteWithRestrict() throws Exception {
        try (TestDb db = MARIADB.create()) {
            db.execute("create table a (id int primary key)",
                    "create table b (id int primary key, a_id int, " + fk("fk_b_a", "a_id", "a", "id", "restrict") + ")",
                    "create table c (id int primary key, b_id int, " + fk("fk_c_b", "b_id", "b", "id", "cascade") + ")",
                    insert("a", "1", "2", "3"), insert("b", "1, 1", "2, 1", "3, 2"), insert("c", "1, 1", "2, 3"));
            try (Oracle oracle = Oracle.open(db, "a", "b", "c")) {
                for (String sql : List.of("DELETE a, b FROM a JOIN b ON b.a_id = a.id WHERE a.id = 1",
                        "DELETE b, a FROM b JOIN a ON b.a_id = a.id WHERE a.id = 1",
                        "DELETE a, b FROM a LEFT JOIN b ON b.a_id = a.id WHERE a.id = 3",
                        "DELETE b, c FROM b JOIN c ON c.b_id = b.id WHERE b.id = 1")) {
                    Oracle.Outcome o = oracle.run(sql);
                    Oracle.assertSound(o);
                }
            }
        }
    }

    /** A batch whose second statement deletes rows the first one's cascade already removed. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void batchCountsRowsTheEarlierStatementsRemoveOnce(TestDatabase kind) throws Exception {
        try (TestDb db = family(kind); Oracle oracle = Oracle.open(db, TABLES)) {
            Oracle.Outcome o = oracle.runBatch(List.of("DELETE FROM parent WHERE id = 1",
                    "DELETE FROM child WHERE parent_id IN (1, 2)",
                    "DELETE FROM grandchild WHERE child_id = 10"));
            Oracle.assertMatches(o);
            assertThat(o.real("child", DELETE)).as(o.describe()).isEqualTo(6);
            assertThat(o.real("grandchild", DELETE)).as(o.describe()).isEqualTo(12);

            o = oracle.runBatch(List.of("DELETE FROM other WHERE id = 2", "DELETE FROM parent WHERE tag = 't0'",
                    "DELETE FROM parent WHERE id = 2"));
            Oracle.assertMatches(o);
            assertThat(o.real("parent", DELETE)).as(o.describe()).isEqualTo(3);
        }
    }

    /**
     * A batch where one statement's rows restrict another's delete: whether the database refuses depends on which
     * runs first, which one joint count cannot tell, so each statement is counted on its own and the one that would
     * fail in the state before the batch says so.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void batchWhoseRowsRestrictEachOtherIsCountedStatementByStatement(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table e (id int primary key, up int, " + fk("fk_e_up", "up", "e", "id", "restrict") + ")",
                    insert("e", "1, null", "2, 1", "3, null"));
            Properties stop = new Properties();
            stop.setProperty("guard.confirmAbove", "0");
            try (Connection c = DriverManager.getConnection(db.guardUrl(), stop); Statement s = c.createStatement()) {
                s.addBatch("DELETE FROM e WHERE id = 1");
                s.addBatch("DELETE FROM e WHERE id = 2");
                CascadeGuardException stopped = catchThrowableOfType(s::executeBatch, CascadeGuardException.class);
                assertThat(stopped.report().reports()).hasSize(2);
                assertThat(stopped.report().reports().get(0).wouldFail()).isTrue();
            }
            try (Statement s = db.connection().createStatement()) {
                s.addBatch("DELETE FROM e WHERE id = 1");
                s.addBatch("DELETE FROM e WHERE id = 2");
                assertThatThrownBy(s::executeBatch).isInstanceOf(SQLException.class);
            }
            // the first statement failed (whether the driver goes on with the second is the driver's choice)
            assertThat(db.count("e where id = 1")).isEqualTo(1);
        }
    }

    /**
     * A prepared batch of the same DELETE with several parameter sets, through the guard: the rules see the rows
     * the batch really removes (each once), so a threshold at exactly that number lets it run and one below stops
     * it. Counted one by one the batch would be 21 rows (child 10 and 21 twice, with their grandchildren).
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void preparedBatchIsDecidedOnTheRowsItRemoves(TestDatabase kind) throws Exception {
        try (TestDb db = family(kind)) {
            // (1, -1): children 10, 11, 12 and 6 grandchildren; (-1, 10): nothing left; (2, 21): children 20, 21,
            // 22 and 6 grandchildren; notes of children 10, 12, 20, 22 set to NULL
            long expected = 9 + 9 + 4;
            int[][] sets = {{1, -1}, {-1, 10}, {2, 21}};
            assertThatThrownBy(() -> runBatch(db, expected - 1, sets))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG001"));
            assertThat(db.count("grandchild")).isEqualTo(36);
            runBatch(db, expected, sets);
            assertThat(db.count("child")).isEqualTo(18 - 6);
            assertThat(db.count("grandchild")).isEqualTo(36 - 12);
        }
    }

    private static void runBatch(TestDb db, long confirmAbove, int[][] sets) throws SQLException {
        Properties settings = new Properties();
        settings.setProperty("guard.confirmAbove", String.valueOf(confirmAbove));
        settings.setProperty("guard.logAbove", String.valueOf(confirmAbove));
        try (Connection c = DriverManager.getConnection(db.guardUrl(), settings);
             PreparedStatement ps = c.prepareStatement("DELETE FROM child WHERE parent_id = ? OR id = ?")) {
            for (int[] set : sets) {
                ps.setInt(1, set[0]);
                ps.setInt(2, set[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

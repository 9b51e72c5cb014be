package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.TableEffect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static dev.cascadeguard.driver.oracle.Oracle.expectReal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Cycles of cascades through several tables, followed to their end at any depth: the guard's prediction against
 * what each database really deletes ({@link Oracle}), and the driver's bounded decision on the same statements.
 * MariaDB refuses a cascade deeper than 15 levels (docs/database-semantics.md §2), so its chains stay shallower.
 */
class CycleOracleTest {

    /** Tables t0 … t{k-1} in a ring: t{i}.p references t{i-1}.id (t0.p references the last) ON DELETE CASCADE. */
    static List<String> ring(TestDatabase kind, int tables) {
        List<String> ddl = new ArrayList<>();
        for (int i = 0; i < tables; i++) {
            String parent = "t" + ((i + tables - 1) % tables);
            ddl.add("create table t" + i + " (id int primary key, p int"
                    + (kind == TestDatabase.SQLITE ? ", " + fk("fk_t" + i, "p", parent, "id", "cascade") : "") + ")");
        }
        if (kind != TestDatabase.SQLITE) { // SQLite has no ADD CONSTRAINT; its forward references are allowed
            for (int i = 0; i < tables; i++) {
                ddl.add("alter table t" + i + " add " + fk("fk_t" + i, "p", "t" + ((i + tables - 1) % tables), "id",
                        "cascade"));
            }
        }
        return ddl;
    }

    /**
     * A chain of {@code length} rows around the ring, starting in t0: element j is row {@code firstId + j / k} of
     * t{j mod k} and references element j-1. Rows are inserted unlinked and linked afterwards (the ring has no
     * order of insertion that satisfies every key).
     */
    static List<String> chain(int tables, int length, int firstId) {
        List<String> sql = new ArrayList<>();
        for (int j = 0; j < length; j++) {
            sql.add("insert into t" + (j % tables) + " (id, p) values (" + id(tables, j, firstId) + ", null)");
        }
        for (int j = 1; j < length; j++) {
            sql.add("update t" + (j % tables) + " set p = " + id(tables, j - 1, firstId) + " where id = "
                    + id(tables, j, firstId));
        }
        return sql;
    }

    private static int id(int tables, int element, int firstId) {
        return firstId + element / tables;
    }

    private static int deepest(TestDatabase kind) {
        return kind == TestDatabase.MARIADB ? 14 : 60;
    }

    private static String[] tableNames(int tables) {
        String[] names = new String[tables];
        for (int i = 0; i < tables; i++) {
            names[i] = "t" + i;
        }
        return names;
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void aChainThroughTwoTablesIsCountedToItsEnd(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute(ring(kind, 2).toArray(String[]::new));
            db.execute(chain(2, 8, 1).toArray(String[]::new)); // the case: 8 rows deep, 4 + 4
            db.execute(chain(2, deepest(kind), 100).toArray(String[]::new));
            try (Oracle oracle = Oracle.open(db, tableNames(2))) {
                Oracle.Outcome o = oracle.check("DELETE FROM t0 WHERE id = 1");
                expectReal(o, "t0", DELETE, 4);
                expectReal(o, "t1", DELETE, 4);
                assertThat(o.report().effects()).allMatch(TableEffect::exact);
                o = oracle.check("DELETE FROM t0 WHERE id = 100");
                expectReal(o, "t0", DELETE, deepest(kind) / 2);
                expectReal(o, "t1", DELETE, deepest(kind) / 2);
                // entering the chain half-way, from the other table
                o = oracle.check("DELETE FROM t1 WHERE id = 102");
                expectReal(o, "t1", DELETE, deepest(kind) / 2 - 2);
                expectReal(o, "t0", DELETE, deepest(kind) / 2 - 3);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void aRingOfFiveTablesEnteredFromOutsideWithASideEffectBelow(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table root (id int primary key)");
            db.execute(ring(kind, 5).toArray(String[]::new));
            // the ring is entered from outside at t2; below t4 hangs a SET NULL child
            if (kind == TestDatabase.SQLITE) {
                db.execute("alter table t2 add column r int references root(id) on delete cascade");
            } else {
                db.execute("alter table t2 add column r int");
                db.execute("alter table t2 add " + fk("fk_t2_root", "r", "root", "id", "cascade"));
            }
            db.execute("create table note (id int primary key, t4 int, " + fk("fk_note", "t4", "t4", "id", "set null") + ")");
            db.execute("insert into root values (1), (2)");
            int length = kind == TestDatabase.MARIADB ? 12 : 40;
            db.execute(chain(5, length, 1).toArray(String[]::new)); // starts in t0 with id 1
            // element 2 (t2, id 1) is the one root 1 holds: deleting root 1 takes every element from 2 on
            db.execute("update t2 set r = 1 where id = 1", "insert into note values (1, 1), (2, 2), (3, null)");
            try (Oracle oracle = Oracle.open(db, "root", "t0", "t1", "t2", "t3", "t4", "note")) {
                Oracle.Outcome o = oracle.check("DELETE FROM root WHERE id = 1");
                expectReal(o, "root", DELETE, 1);
                long total = 0;
                for (String t : tableNames(5)) {
                    total += o.real(t, DELETE);
                }
                assertThat(total).as("every element from the third on").isEqualTo(length - 2);
                expectReal(o, "note", SET_NULL, 2);
                expectReal(oracle.check("DELETE FROM root WHERE id = 2"), "root", DELETE, 1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void rowsThatFormACycleAreCountedOnceAndTheRecursionEnds(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute(ring(kind, 3).toArray(String[]::new));
            db.execute(chain(3, 9, 1).toArray(String[]::new));
            // close the data cycle: t0 row 1 now references the last element (t2 row 3)
            db.execute("update t0 set p = 3 where id = 1");
            db.execute(chain(3, 3, 10).toArray(String[]::new)); // an unrelated short chain that must survive
            try (Oracle oracle = Oracle.open(db, tableNames(3))) {
                Oracle.Outcome o = oracle.check("DELETE FROM t1 WHERE id = 2");
                expectReal(o, "t0", DELETE, 3);
                expectReal(o, "t1", DELETE, 3);
                expectReal(o, "t2", DELETE, 3);
                assertThat(o.report().effects()).allMatch(TableEffect::exact);
            }
        }
    }

    /**
     * InnoDB refuses a cascade 15 levels deep (docs/database-semantics.md §2), and through a self-reference that is
     * the depth of a chain of rows, which the table's own depth (0) does not show. Rows 1 → 2 → … → 20.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void aChainOfRowsDeeperThanTheEngineCascadesIsPredictedToFail(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table n (id int primary key, p int, " + fk("fk_n", "p", "n", "id", "cascade") + ")");
            for (int i = 1; i <= 20; i++) {
                db.execute("insert into n values (" + i + ", " + (i == 1 ? "null" : String.valueOf(i - 1)) + ")");
            }
            try (Oracle oracle = Oracle.open(db, "n")) {
                boolean innodb = kind == TestDatabase.MARIADB;
                // rows 6..20: the deepest 14 levels below row 6, which InnoDB still cascades
                expectReal(oracle.check("DELETE FROM n WHERE id = 6"), "n", DELETE, 15);
                // rows 5..20: 15 levels, refused by InnoDB only
                Oracle.Outcome o = oracle.check("DELETE FROM n WHERE id = 5");
                assertThat(o.failure() != null).as(o.describe()).isEqualTo(innodb);
                assertThat(o.report().wouldFail()).isEqualTo(innodb);
                o = oracle.check("DELETE FROM n WHERE id = 1");
                assertThat(o.failure() != null).as(o.describe()).isEqualTo(innodb);
                if (innodb) {
                    assertThat(o.report().notes()).anyMatch(n -> n.contains("stops cascading deletes at 14 levels"));
                }
            }
        }
    }

    /**
     * The report: a legitimate delete of a long chain was refused with XG003 while {@code explain} said
     * ALLOW. The driver now counts the cycle to its end in bounded mode: under the threshold it runs, over it the
     * rule names the real count.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void theDriverDecidesADeepCycleOnItsRealCount(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute(ring(kind, 2).toArray(String[]::new));
            int length = deepest(kind);
            db.execute(chain(2, length, 1).toArray(String[]::new));
            db.execute(chain(2, length, 1000).toArray(String[]::new));
            try (Connection c = guarded(db, "guard.confirmAbove", String.valueOf(length - 1));
                 Statement s = c.createStatement()) {
                SQLException stop = catchThrowableOfType(() -> s.executeUpdate("DELETE FROM t0 WHERE id = 1"),
                        SQLException.class);
                assertThat(stop.getSQLState()).isEqualTo("XG001");
                assertThat(stop.getMessage()).contains(String.valueOf(length));
            }
            assertThat(db.count("t0") + db.count("t1")).isEqualTo(2L * length);
            try (Connection c = guarded(db, "guard.confirmAbove", String.valueOf(length));
                 Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM t0 WHERE id = 1"); // SQLite's update count includes the cascade
            }
            assertThat(db.count("t0") + db.count("t1")).as("the first chain gone, the second intact")
                    .isEqualTo(length);
        }
    }

    static Connection guarded(TestDb db, String... keyValues) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.logAbove", "1");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return DriverManager.getConnection(db.guardUrl(), p);
    }
}

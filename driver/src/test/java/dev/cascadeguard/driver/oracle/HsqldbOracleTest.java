package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.EffectAction;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.RESTRICT;
import static dev.cascadeguard.report.EffectAction.SET_DEFAULT;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What HSQLDB 2.7.4 does that the four dialect databases do not (docs/database-semantics.md §11), each case compared
 * with the guard's prediction by the {@link Oracle}. HSQLDB has no dialect class: these are predictions of the
 * generic fallback, which reads an unknown engine conservatively, so where HSQLDB is more lenient than the strict
 * reading the guard predicts a failure that does not happen ({@link Oracle#assertSound}), never the other way round.
 * The shared cases (chains, diamonds, composite keys, ...) run on HSQLDB in the other oracle tests.
 */
class HsqldbOracleTest {

    private static final TestDatabase HSQLDB = TestDatabase.HSQLDB;

    private static Oracle.Outcome once(TestDb db, String sql, String... tables) throws SQLException {
        try (Oracle oracle = Oracle.open(db, tables)) {
            return oracle.run(sql);
        }
    }

    private static void expectRefused(Oracle.Outcome o, String sqlState) {
        assertThat((Throwable) o.failure()).as("fixture sanity: HSQLDB refuses\n%s", o.describe()).isNotNull();
        assertThat(o.failure().getSQLState()).as(o.describe()).isEqualTo(sqlState);
    }

    private static void expectAccepted(Oracle.Outcome o) {
        assertThat((Throwable) o.failure()).as("fixture sanity: HSQLDB accepts\n%s", o.describe()).isNull();
    }

    /**
     * HSQLDB deletes the whole cascade before it checks any key, and its NO ACTION (which RESTRICT is, to its parser)
     * skips referencing rows the statement deletes: a reference from a row the same cascade removes never fails.
     */
    @Test
    void restrictIsNoActionAndSeesTheWholeCascade() throws Exception {
        for (String rule : List.of("restrict", "no action")) {
            try (TestDb db = HSQLDB.create()) {
                db.execute("create table p (id int primary key)",
                        "create table c (id int primary key, p_id int, " + fk("fk_c_p", "p_id", "p", "id", "cascade") + ")",
                        "create table g (id int primary key, p_id int, c_id int, "
                                + fk("fk_g_p", "p_id", "p", "id", "cascade") + ", "
                                + fk("fk_g_c", "c_id", "c", "id", rule) + ")",
                        insert("p", "1", "2"), insert("c", "10, 1", "20, 2"),
                        // g100 goes with p1 and c10; g200 references c20 but hangs on p1
                        insert("g", "100, 1, 10", "200, 1, 20"));
                Oracle.Outcome both = once(db, "DELETE FROM p WHERE id = 1", "p", "c", "g");
                expectAccepted(both);
                assertThat(both.real("g", DELETE)).isEqualTo(2);
                // the conservative reading fails on g100 (a false alarm here), and counts every row exactly
                assertThat(both.report().wouldFail()).as(both.describe()).isTrue();
                Oracle.assertSound(both);

                Oracle.Outcome survivor = once(db, "DELETE FROM p WHERE id = 2", "p", "c", "g");
                expectRefused(survivor, "23504");
                assertThat(survivor.predicted("g", RESTRICT)).as(survivor.describe()).isEqualTo(1);
                Oracle.assertMatches(survivor);
            }
        }
    }

    /** A whole self-referencing NO ACTION tree deletes; its root alone does not. */
    @Test
    void selfReferencingNoActionTree() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table e (id int primary key, mgr int, " + fk("fk_e_mgr", "mgr", "e", "id", "no action") + ")",
                    insert("e", "1, null", "2, 1", "3, 2", "4, null"));
            Oracle.Outcome root = once(db, "DELETE FROM e WHERE id = 1", "e");
            expectRefused(root, "23504");
            Oracle.assertMatches(root);

            Oracle.Outcome tree = once(db, "DELETE FROM e WHERE id IN (1, 2, 3)", "e");
            expectAccepted(tree);
            assertThat(tree.real("e", DELETE)).isEqualTo(3);
            Oracle.assertSound(tree);
        }
    }

    /** HSQLDB refuses, when the key is declared, what other engines refuse (or not) when a row is deleted. */
    @Test
    void keysThatCouldNotBeHonouredAreRefusedWhenDeclared() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table p (id int primary key)");
            assertThatThrownBy(() -> db.execute("create table c (id int primary key, pid int not null, "
                    + fk("fk_c_p", "pid", "p", "id", "set null") + ")"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("SET NULL requires nullable column");
            assertThatThrownBy(() -> db.execute("create table d (id int primary key, pid int, "
                    + fk("fk_d_p", "pid", "p", "id", "set default") + ")"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("SET DEFAULT requires column default");
        }
    }

    /** SET DEFAULT re-checks the key it writes: a default with no surviving parent row fails (23503). */
    @Test
    void setDefaultChecksTheParentItPointsAt() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int default 2, "
                            + fk("fk_c_p", "pid", "p", "id", "set default") + ")",
                    "create table orphaned (id int primary key, pid int default 99, "
                            + fk("fk_o_p", "pid", "p", "id", "set default") + ")",
                    insert("p", "1", "2", "3"), insert("c", "10, 1", "11, 1", "30, 3"), insert("orphaned", "1, 3"));
            try (Oracle oracle = Oracle.open(db, "p", "c", "orphaned")) {
                Oracle.Outcome ok = oracle.check("DELETE FROM p WHERE id = 1");
                assertThat(ok.real("c", SET_DEFAULT)).isEqualTo(2);
                // the default row 2 goes with the same statement
                expectRefused(oracle.check("DELETE FROM p WHERE id IN (1, 2)"), "23503");
                // no row 99
                expectRefused(oracle.check("DELETE FROM p WHERE id = 3"), "23503");
            }
        }
    }

    /**
     * The SQL standard's triggered data change violation: a row the cascade deletes that another key sets to NULL
     * fails the statement (27000); a row the statement deletes itself does not.
     */
    @Test
    void aRowBothCascadedAndSetNullFailsTheStatement() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, p_id int, up int, "
                            + fk("fk_c_p", "p_id", "p", "id", "cascade") + ", "
                            + fk("fk_c_up", "up", "c", "id", "set null") + ")",
                    insert("p", "1", "2"),
                    // c11 hangs under c10 (SET NULL) and both under p1; c20 under p2 points at itself
                    insert("c", "10, 1, null", "11, 1, null", "20, 2, null", "21, null, null"),
                    "update c set up = 10 where id = 11", "update c set up = 20 where id = 20",
                    "update c set up = 11 where id = 21");
            try (Oracle oracle = Oracle.open(db, "p", "c")) {
                Oracle.Outcome cascaded = oracle.check("DELETE FROM p WHERE id = 1");
                expectRefused(cascaded, "27000");
                assertThat(cascaded.predicted("c", RESTRICT)).as(cascaded.describe()).isEqualTo(1);
                assertThat(cascaded.report().notes()).anyMatch(n -> n.contains("SQLSTATE 27000"));
                // c20 points at itself: HSQLDB skips that pair
                expectAccepted(oracle.check("DELETE FROM p WHERE id = 2"));
                // the statement's own rows: c11 set NULL? no, deleted with c10; c21 (up = 11) is set NULL
                Oracle.Outcome own = oracle.check("DELETE FROM c WHERE id IN (10, 11)");
                assertThat(own.real("c", SET_NULL)).isEqualTo(1);
            }
        }
    }

    /**
     * Cycles in the data of a self-reference: the generic path bounds the recursion by depth (UNION ALL, DISTINCT
     * per depth), as deep as the table holds rows, so a cycle in the data is counted exactly.
     */
    @Test
    void selfReferenceCycleInTheDataIsCountedExactly() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table n (id int primary key, nxt int, " + fk("fk_n_nxt", "nxt", "n", "id", "cascade") + ")",
                    insert("n", "1, null", "2, 1", "3, 2", "5, null", "6, 5", "7, null"),
                    "update n set nxt = 6 where id = 5", "update n set nxt = 7 where id = 7");
            try (Oracle oracle = Oracle.open(db, "n")) {
                Oracle.Outcome chain = oracle.check("DELETE FROM n WHERE id = 1");
                assertThat(chain.real("n", DELETE)).isEqualTo(3);
                assertThat(chain.report().effects()).allMatch(e -> e.exact());

                Oracle.Outcome cycle = oracle.check("DELETE FROM n WHERE id = 5");
                assertThat(cycle.real("n", DELETE)).isEqualTo(2);
                assertThat(cycle.predicted("n", DELETE)).isEqualTo(2);
                assertThat(cycle.report().effects()).allMatch(e -> e.exact());
                assertThat(cycle.report().notes()).noneMatch(n -> n.contains("lower bounds"));

                Oracle.Outcome selfLoop = oracle.check("DELETE FROM n WHERE id = 7");
                assertThat(selfLoop.real("n", DELETE)).isEqualTo(1);
            }
        }
    }

    /** A cycle through three tables, ending in the data: HSQLDB's cascade stops at rows it already holds. */
    @Test
    void threeTableCycle() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table a (id int primary key, c_id int)",
                    "create table b (id int primary key, a_id int, " + fk("fk_b_a", "a_id", "a", "id", "cascade") + ")",
                    "create table c (id int primary key, b_id int, " + fk("fk_c_b", "b_id", "b", "id", "cascade") + ")",
                    "alter table a add " + fk("fk_a_c", "c_id", "c", "id", "cascade"),
                    insert("a", "1, null", "2, null", "3, null"), insert("b", "1, 1", "2, 2", "3, 3"),
                    insert("c", "1, 1", "2, 2", "3, null"),
                    // a1 -> b1 -> c1 -> a2 -> b2 -> c2 -> a1 (a cycle); a3 -> b3, c3 hangs on nothing
                    "update a set c_id = 1 where id = 2", "update a set c_id = 2 where id = 1");
            try (Oracle oracle = Oracle.open(db, "a", "b", "c")) {
                Oracle.Outcome o = oracle.check("DELETE FROM a WHERE id = 1");
                assertThat(o.real("a", DELETE)).isEqualTo(2);
                assertThat(o.real("c", DELETE)).isEqualTo(2);
                o = oracle.check("DELETE FROM a WHERE id = 3");
                assertThat(o.real("b", DELETE)).isEqualTo(1);
            }
        }
    }

    /** DELETE without WHERE and TRUNCATE: HSQLDB's TRUNCATE fails while any row of another table references it. */
    @Test
    void deleteWithoutWhereAndTruncate() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, p_id int, " + fk("fk_c_p", "p_id", "p", "id", "cascade") + ")",
                    "create table lone (id int primary key)",
                    insert("p", "1", "2"), insert("c", "10, 1", "11, 1", "20, 2"), insert("lone", "1", "2", "3"));
            try (Oracle oracle = Oracle.open(db, "p", "c", "lone")) {
                Oracle.Outcome all = oracle.check("DELETE FROM p");
                assertThat(all.real("c", DELETE)).isEqualTo(3);

                Oracle.Outcome lone = oracle.check("TRUNCATE TABLE lone");
                assertThat(lone.real("lone", DELETE)).isEqualTo(3);
                assertThat(lone.predicted("lone", DELETE)).isEqualTo(3);

                Oracle.Outcome referenced = oracle.check("TRUNCATE TABLE p");
                expectRefused(referenced, "23504");
                assertThat(referenced.predicted("c", RESTRICT)).isEqualTo(3);

                assertThat(oracle.check("TRUNCATE TABLE c").real("c", DELETE)).isEqualTo(3);
            }
            // only NULL keys left: HSQLDB still refuses (any row counts), the guard counts none in the way. The
            // statement fails on its own and nothing is lost; the guard's report is wrong only about the failure
            db.execute("update c set p_id = null");
            Oracle.Outcome nulls = once(db, "TRUNCATE TABLE p", "p", "c");
            expectRefused(nulls, "23504");
            assertThat(nulls.report().wouldFail()).isFalse();
            assertThat(db.count("p")).isEqualTo(2);
        }
    }

    /** DROP TABLE: its own rows; CASCADE drops the referencing keys, not the referencing rows. */
    @Test
    void dropTable() throws Exception {
        try (TestDb db = HSQLDB.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, p_id int, " + fk("fk_c_p", "p_id", "p", "id", "cascade") + ")",
                    insert("p", "1", "2"), insert("c", "10, 1", "11, 1", "20, null"));
            try (Oracle oracle = Oracle.open(db, "p", "c")) {
                var plain = oracle.preview("DROP TABLE p").reports().get(0);
                assertThat(plain.wouldFail()).isTrue();
                assertThat(plain.effects()).anyMatch(e -> e.action() == RESTRICT && e.rows() == 2);
                assertThatThrownBy(() -> db.execute("drop table p")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("is referenced by FOREIGN KEY");

                var cascade = oracle.preview("DROP TABLE p CASCADE").reports().get(0);
                assertThat(cascade.wouldFail()).isFalse();
                assertThat(cascade.effects()).singleElement().satisfies(e -> {
                    assertThat(e.table()).isEqualTo("P");
                    assertThat(e.action()).isEqualTo(EffectAction.DELETE);
                    assertThat(e.rows()).isEqualTo(2);
                });
            }
            db.execute("drop table p cascade");
            assertThat(db.count("c")).isEqualTo(3);
        }
    }
}

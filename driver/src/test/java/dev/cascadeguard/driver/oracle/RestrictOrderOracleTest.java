package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.EffectAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.driver.testdb.TestDatabase.H2;
import static dev.cascadeguard.driver.testdb.TestDatabase.MARIADB;
import static dev.cascadeguard.driver.testdb.TestDatabase.SQLITE;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RESTRICT / NO ACTION reference from a row the same DELETE also removes through a cascade
 * (docs/database-semantics.md §1): each shape in every key order that decides it on some engine (creation order,
 * constraint name order), with RESTRICT and NO ACTION, on every database. Each case first pins what the server does
 * (the measured rule, so a changed server shows up here), then compares the guard's prediction with it through the
 * {@link Oracle}: exactly, except the cases the guard cannot decide from the schema (H2 does not expose the creation
 * order of its keys; MariaDB and SQLite RESTRICT depend on the order they read the target rows), where the database
 * accepts, the guard predicts the failure and says in a note that it may not happen.
 */
class RestrictOrderOracleTest {

    private static final List<String> RULES = List.of("restrict", "no action");

    /** What the guard is expected to say about one case. */
    private enum Guard { EXACT, CONSERVATIVE }

    private static void check(TestDb db, String sql, boolean dbFails, Guard guard, String... tables) throws Exception {
        try (Oracle oracle = Oracle.open(db, tables)) {
            Oracle.Outcome o = oracle.run(sql);
            assertThat(o.failure() != null).as("the server's rule (docs §1): the database %s\n%s",
                    dbFails ? "refuses" : "accepts", o.describe()).isEqualTo(dbFails);
            if (guard == Guard.EXACT) {
                Oracle.assertMatches(o);
                return;
            }
            assertThat(o.failure() == null).as("a conservative case is one the database accepts\n%s", o.describe()).isTrue();
            assertThat(o.report().wouldFail()).as("the guard cannot tell the order: it predicts the failure\n%s",
                    o.describe()).isTrue();
            assertThat(o.report().notes()).as("and says the failure may not happen\n%s", o.describe())
                    .anyMatch(n -> n.contains("depends on the order"));
            Oracle.assertSound(o);
        }
    }

    private static void expectReal(TestDb db, String sql, String table, EffectAction action, long rows,
                                   String... tables) throws Exception {
        try (Oracle oracle = Oracle.open(db, tables)) {
            Oracle.Outcome o = oracle.run(sql);
            assertThat(o.real(table, action)).as("fixture sanity: real %s %s\n%s", table, action, o.describe())
                    .isEqualTo(rows);
        }
    }

    // ---------------------------------------------------------------- (a) CASCADE and RESTRICT to the same parent

    /**
     * c has a CASCADE key and a RESTRICT / NO ACTION key to the same parent row. Decided by creation order on
     * PostgreSQL (trigger name) and H2, by constraint name on MariaDB, by reverse declaration order for SQLite RESTRICT;
     * SQLite NO ACTION never fails.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void cascadeAndRestrictToTheSameParent(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            for (boolean cascadeDeclaredFirst : List.of(true, false)) {
                for (boolean cascadeNameFirst : List.of(true, false)) {
                    try (TestDb db = kind.create()) {
                        String cascade = fk(cascadeNameFirst ? "a_cascade" : "z_cascade", "a", "p", "id", "cascade");
                        String restrict = fk("m_restrict", "b", "p", "id", rule);
                        db.execute("create table p (id int primary key)",
                                "create table c (id int primary key, a int, b int, " + (cascadeDeclaredFirst
                                        ? cascade + ", " + restrict : restrict + ", " + cascade) + ")",
                                insert("p", "1", "2"), insert("c", "10, 1, 1", "11, 2, null", "12, null, 2"));
                        boolean fails = switch (kind) {
                            case POSTGRES, H2 -> !cascadeDeclaredFirst;
                            case MARIADB -> !cascadeNameFirst;
                            case SQLITE -> rule.equals("restrict") && cascadeDeclaredFirst;
                            default -> throw new IllegalArgumentException(kind + " is not one of this test's engines");
                        };
                        Guard guard = kind == H2 && !fails ? Guard.CONSERVATIVE : Guard.EXACT;
                        check(db, "DELETE FROM p WHERE id = 1", fails, guard, "p", "c");
                        if (!fails) {
                            expectReal(db, "DELETE FROM p WHERE id = 1", "c", DELETE, 1, "p", "c");
                        }
                        // c12 references p2 through the RESTRICT key alone, and nothing deletes it: always refused
                        check(db, "DELETE FROM p WHERE id = 2", true, Guard.EXACT, "p", "c");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- (b) diamond P -> X -> C plus C -> P

    /**
     * P→X→C CASCADE plus C→P RESTRICT / NO ACTION. PostgreSQL always refuses (C's check on P is queued before X's
     * cascade to C runs); MariaDB accepts when X→P's name sorts first; SQLite RESTRICT when X→P was created last;
     * H2 when X→P was created first; SQLite NO ACTION always accepts.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void diamondBackToTheParent(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            for (boolean xpCreatedFirst : List.of(true, false)) {
                for (boolean xpNameFirst : List.of(true, false)) {
                    try (TestDb db = kind.create()) {
                        String xp = fk(xpNameFirst ? "a_xp" : "z_xp", "p_id", "p", "id", "cascade");
                        String cp = fk("m_cp", "p_id", "p", "id", rule);
                        String cx = fk("m_cx", "x_id", "x", "id", "cascade");
                        db.execute(diamondDdl(kind, xp, cp, cx, xpCreatedFirst).toArray(String[]::new));
                        db.execute(insert("p", "1", "2"), insert("x", "100, 1", "200, 2"),
                                insert("c", "1000, 100, 1", "2000, 200, null", "3000, null, 2"));
                        boolean fails = switch (kind) {
                            case POSTGRES -> true;
                            case MARIADB -> !xpNameFirst;
                            case SQLITE -> rule.equals("restrict") && xpCreatedFirst;
                            case H2 -> !xpCreatedFirst;
                            default -> throw new IllegalArgumentException(kind + " is not one of this test's engines");
                        };
                        Guard guard = kind == H2 && !fails ? Guard.CONSERVATIVE : Guard.EXACT;
                        check(db, "DELETE FROM p WHERE id = 1", fails, guard, "p", "x", "c");
                        if (!fails) {
                            expectReal(db, "DELETE FROM p WHERE id = 1", "c", DELETE, 1, "p", "x", "c");
                        }
                        // c3000 references p2 through the RESTRICT key alone: always refused
                        check(db, "DELETE FROM p WHERE id = 2", true, Guard.EXACT, "p", "x", "c");
                    }
                }
            }
        }
    }

    /**
     * SQLite cannot add a key to an existing table: the key of the table created later is the newer one (a forward
     * reference to a table not created yet is allowed). The other engines add the keys in the order asked.
     */
    private static List<String> diamondDdl(TestDatabase kind, String xp, String cp, String cx, boolean xpFirst) {
        List<String> ddl = new ArrayList<>();
        ddl.add("create table p (id int primary key)");
        if (kind == SQLITE) {
            String x = "create table x (id int primary key, p_id int, " + xp + ")";
            String c = "create table c (id int primary key, x_id int, p_id int, " + cx + ", " + cp + ")";
            ddl.addAll(xpFirst ? List.of(x, c) : List.of(c, x));
            return ddl;
        }
        ddl.add("create table x (id int primary key, p_id int)");
        ddl.add("create table c (id int primary key, x_id int, p_id int)");
        String addXp = "alter table x add " + xp;
        String addCp = "alter table c add " + cp;
        ddl.addAll(xpFirst ? List.of(addXp, addCp) : List.of(addCp, addXp));
        ddl.add("alter table c add " + cx);
        return ddl;
    }

    // ---------------------------------------------------------------- (d) siblings: T -> P, T -> C, C -> P

    /**
     * T cascades to P and to C, and C references P with RESTRICT / NO ACTION. PostgreSQL always accepts (both cascades
     * run on the first level of its queue, P's check on the second); MariaDB accepts when T→C's name sorts first;
     * SQLite RESTRICT when T→C is the newer key; H2 when T→C was created first.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void siblingBranchesOfOneAncestor(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            for (boolean tcCreatedFirst : List.of(true, false)) {
                for (boolean tcNameFirst : List.of(true, false)) {
                    try (TestDb db = kind.create()) {
                        String tc = fk(tcNameFirst ? "a_tc" : "z_tc", "t_id", "t", "id", "cascade");
                        String tp = fk("m_tp", "t_id", "t", "id", "cascade");
                        String cp = fk("m_cp", "p_id", "p", "id", rule);
                        List<String> ddl = new ArrayList<>(List.of("create table t (id int primary key)"));
                        if (kind == SQLITE) {
                            String p = "create table p (id int primary key, t_id int, " + tp + ")";
                            String c = "create table c (id int primary key, t_id int, p_id int, " + tc + ", " + cp + ")";
                            ddl.addAll(tcCreatedFirst ? List.of(c, p) : List.of(p, c));
                        } else {
                            ddl.add("create table p (id int primary key, t_id int)");
                            ddl.add("create table c (id int primary key, t_id int, p_id int)");
                            String addTc = "alter table c add " + tc;
                            String addTp = "alter table p add " + tp;
                            ddl.addAll(tcCreatedFirst ? List.of(addTc, addTp) : List.of(addTp, addTc));
                            ddl.add("alter table c add " + cp);
                        }
                        db.execute(ddl.toArray(String[]::new));
                        db.execute(insert("t", "1", "2"), insert("p", "10, 1", "20, 2"),
                                insert("c", "100, 1, 10", "200, null, 20"));
                        boolean fails = switch (kind) {
                            case POSTGRES -> false;
                            case MARIADB -> !tcNameFirst;
                            case SQLITE -> rule.equals("restrict") && tcCreatedFirst;
                            case H2 -> !tcCreatedFirst;
                            default -> throw new IllegalArgumentException(kind + " is not one of this test's engines");
                        };
                        Guard guard = kind == H2 && !fails ? Guard.CONSERVATIVE : Guard.EXACT;
                        check(db, "DELETE FROM t WHERE id = 1", fails, guard, "t", "p", "c");
                        if (!fails) {
                            expectReal(db, "DELETE FROM t WHERE id = 1", "c", DELETE, 1, "t", "p", "c");
                        }
                        // c200 hangs off no deleted T row: deleting t2 (and so p20) is always refused
                        check(db, "DELETE FROM t WHERE id = 2", true, Guard.EXACT, "t", "p", "c");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- (c) self references deleted together

    /**
     * e.mgr → e RESTRICT / NO ACTION, manager and report deleted by one statement, in both orders of the rows.
     * PostgreSQL removes the statement's rows before any check (accepts); H2 checks before removing any (refuses);
     * SQLite NO ACTION checks at the end (accepts); MariaDB and SQLite RESTRICT check row by row in the order they
     * read the rows (here: key order), which the guard cannot see: it predicts the failure.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void selfReferencesDeletedTogether(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            for (boolean managerFirst : List.of(true, false)) {
                try (TestDb db = kind.create()) {
                    // rows inserted in key order, so that key, index and rowid order agree
                    db.execute("create table e (id int primary key, mgr int, " + fk("fk_e_mgr", "mgr", "e", "id", rule)
                            + ")", insert("e", "1, null", "2, null", "3, null", "4, 3"),
                            managerFirst ? "update e set mgr = 1 where id = 2" : "update e set mgr = 2 where id = 1");
                    boolean rowByRow = kind == MARIADB || kind == SQLITE && rule.equals("restrict");
                    boolean fails = switch (kind) {
                        case POSTGRES -> false;
                        case H2 -> true;
                        case SQLITE, MARIADB -> rowByRow && managerFirst;
                        default -> throw new IllegalArgumentException(kind + " is not one of this test's engines");
                    };
                    Guard guard = rowByRow && !fails ? Guard.CONSERVATIVE : Guard.EXACT;
                    check(db, "DELETE FROM e WHERE id IN (1, 2)", fails, guard, "e");
                    if (!fails) {
                        expectReal(db, "DELETE FROM e WHERE id IN (1, 2)", "e", DELETE, 2, "e");
                    }
                    // e4 stays and references e3: always refused
                    check(db, "DELETE FROM e WHERE id IN (1, 3)", true, Guard.EXACT, "e");
                }
            }
        }
    }

    /** A row referencing itself: InnoDB refuses to delete it (it is still being deleted when checked), the others accept. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void rowReferencingItself(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            try (TestDb db = kind.create()) {
                db.execute("create table e (id int primary key, nxt int, " + fk("fk_e_nxt", "nxt", "e", "id", rule) + ")",
                        insert("e", "4, null", "5, null"), "update e set nxt = id");
                check(db, "DELETE FROM e WHERE id = 4", kind == MARIADB, Guard.EXACT, "e");
                check(db, "DELETE FROM e WHERE id IN (4, 5)", kind == MARIADB, Guard.EXACT, "e");
            }
        }
    }

    /**
     * c1 is deleted through T, cascades (through its self reference, which runs first) onward to p10, and references
     * p10 with RESTRICT / NO ACTION: InnoDB checks p10 while c1 is still being deleted (refused); PostgreSQL deletes
     * c1 a queue level before p10 and SQLite deletes c1 before its own actions (accepted). H2 accepts too: the nested
     * statement of the self reference finds c1 again and removes it before the key to p runs; the guard, which does
     * not know H2's key order, predicts the failure.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void referencingRowWhoseOwnCascadeReachesTheParent(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            try (TestDb db = kind.create()) {
                String self = fk("a_self", "s", "c", "id", "cascade");
                String into = fk("m_into", "c_id", "c", "id", "cascade");
                String back = fk("z_back", "r", "p", "id", rule);
                String tc = fk("m_tc", "t_id", "t", "id", "cascade");
                List<String> ddl = new ArrayList<>(List.of("create table t (id int primary key)"));
                if (kind == SQLITE) {
                    // p before c: the key into c declared in c (a_self) is then the newer one and runs first
                    ddl.add("create table p (id int primary key, c_id int, " + into + ")");
                    ddl.add("create table c (id int primary key, t_id int, s int, r int, " + self + ", " + tc + ", "
                            + back + ")");
                } else {
                    ddl.add("create table c (id int primary key, t_id int, s int, r int)");
                    ddl.add("create table p (id int primary key, c_id int)");
                    ddl.addAll(List.of("alter table c add " + tc, "alter table c add " + self,
                            "alter table p add " + into, "alter table c add " + back));
                }
                db.execute(ddl.toArray(String[]::new));
                db.execute(insert("t", "1"), insert("c", "1, 1, null, null"), insert("p", "10, 1"),
                        "update c set s = 1, r = 10 where id = 1");
                check(db, "DELETE FROM t WHERE id = 1", kind == MARIADB, kind == H2 ? Guard.CONSERVATIVE : Guard.EXACT,
                        "t", "c", "p");
            }
        }
    }

    /** A deeper PostgreSQL queue level: C is deleted on level 1, P on level 2, whatever the keys' creation order. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES"})
    void postgresReferenceDeletedOnAnEarlierLevel(TestDatabase kind) throws Exception {
        for (String rule : RULES) {
            for (boolean restrictFirst : List.of(true, false)) {
                try (TestDb db = kind.create()) {
                    db.execute("create table t (id int primary key)", "create table x (id int primary key, t_id int)",
                            "create table p (id int primary key, x_id int)",
                            "create table c (id int primary key, t_id int, p_id int)");
                    List<String> keys = new ArrayList<>(List.of("alter table x add " + fk("k_xt", "t_id", "t", "id", "cascade"),
                            "alter table p add " + fk("k_px", "x_id", "x", "id", "cascade"),
                            "alter table c add " + fk("k_ct", "t_id", "t", "id", "cascade")));
                    keys.add(restrictFirst ? 0 : keys.size(), "alter table c add " + fk("k_cp", "p_id", "p", "id", rule));
                    db.execute(keys.toArray(String[]::new));
                    db.execute(insert("t", "1"), insert("x", "5, 1"), insert("p", "7, 5"), insert("c", "9, 1, 7"));
                    check(db, "DELETE FROM t WHERE id = 1", false, Guard.EXACT, "t", "x", "p", "c");
                    // deleting x alone: c9 is not deleted, p7's check refuses
                    check(db, "DELETE FROM x WHERE id = 5", true, Guard.EXACT, "t", "x", "p", "c");
                }
            }
        }
    }
}

package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.driver.testdb.TestDatabase.H2;
import static dev.cascadeguard.driver.testdb.TestDatabase.HSQLDB;
import static dev.cascadeguard.driver.testdb.TestDatabase.MARIADB;
import static dev.cascadeguard.driver.testdb.TestDatabase.POSTGRES;
import static dev.cascadeguard.driver.testdb.TestDatabase.SQLITE;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.SET_DEFAULT;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static dev.cascadeguard.driver.oracle.Oracle.expectReal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge cases measured in docs/database-semantics.md, each run through the {@link Oracle}. Where an engine's
 * result depends on its execution order, the case is one the document lists as deterministic for that engine
 * (single row, or an order the document shows does not matter there), and the expected outcome cites the section.
 */
class EdgeCaseOracleTest {

    private static Oracle.Outcome once(TestDb db, String sql, String... tables) throws Exception {
        return once(db, sql, new Object[0], tables);
    }

    private static Oracle.Outcome once(TestDb db, String sql, Object[] params, String... tables) throws Exception {
        try (Oracle oracle = Oracle.open(db, tables)) {
            return oracle.run(sql, params);
        }
    }

    private static void expectFailed(Oracle.Outcome o, boolean failed) {
        assertThat(o.failure() != null).as("fixture sanity (docs/database-semantics.md): the database %s\n%s",
                failed ? "refuses" : "accepts", o.describe()).isEqualTo(failed);
    }

    // ---------------------------------------------------------------- §3 SET NULL / SET DEFAULT

    /** §3: SET NULL on a NOT NULL column fails when a child row references the row; fine otherwise. */
    @ParameterizedTest
    // not HSQLDB: it refuses such a key when it is declared (HsqldbOracleTest pins that)
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void setNullOnNotNullColumn(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int not null, "
                            + fk("fk_c_p", "pid", "p", "id", "set null") + ")",
                    insert("p", "1", "2"), insert("c", "10, 1", "11, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "c");
            expectFailed(o, true);
            Oracle.assertMatches(o);
            Oracle.Outcome ok = once(db, "DELETE FROM p WHERE id = 2", "p", "c");
            expectFailed(ok, false);
            Oracle.assertMatches(ok);
        }
    }

    /**
     * §3: SET DEFAULT on a column with no DEFAULT clause. PostgreSQL and SQLite set NULL (so the oracle sees the
     * change as SET_NULL: compared by hand here). H2 throws 23507 on every delete from p, even of an unreferenced
     * row.
     */
    @ParameterizedTest
    // not HSQLDB: it refuses such a key when it is declared (HsqldbOracleTest pins that)
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void setDefaultWithoutDefaultClause(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int, " + fk("fk_c_p", "pid", "p", "id", "set default") + ")",
                    insert("p", "1", "2"), insert("c", "10, 1", "11, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "c");
            Oracle.Outcome unreferenced = once(db, "DELETE FROM p WHERE id = 2", "p", "c");
            if (kind == H2) {
                expectFailed(o, true);
                expectFailed(unreferenced, true);
                assertThat(o.report().wouldFail()).as("H2 23507 on a referenced row\n%s", o.describe()).isTrue();
                assertThat(unreferenced.report().wouldFail()).as("H2 23507 even on an unreferenced row\n%s",
                        unreferenced.describe()).isTrue();
            } else {
                expectFailed(o, false);
                expectReal(o, "c", SET_NULL, 2); // the default is NULL
                assertThat(o.report().wouldFail()).as(o.describe()).isFalse();
                assertThat(o.predicted("c", SET_DEFAULT) + o.predicted("c", SET_NULL))
                        .as("rows set to the (NULL) default\n%s", o.describe()).isEqualTo(2);
                Oracle.assertMatches(unreferenced);
            }
        }
    }

    /** §3: SET DEFAULT whose default is the key being deleted: PG and SQLite fail, H2 leaves an orphan. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "HSQLDB"})
    void setDefaultEqualToDeletedKey(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int default 5, "
                            + fk("fk_c_p", "pid", "p", "id", "set default") + ")",
                    insert("p", "1", "5"), insert("c", "10, 5", "11, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 5", "p", "c");
            // HSQLDB, like H2, re-checks a key only when its value changes (docs §11)
            expectFailed(o, kind != H2 && kind != HSQLDB);
            // on H2 c10 keeps pid=5 (unchanged value): compare only the failure prediction. HSQLDB has no dialect
            // of its own: the generic one predicts the failure PostgreSQL and SQLite report (conservative)
            assertThat(o.report().wouldFail()).as("wouldFail vs the database\n%s", o.describe())
                    .isEqualTo(o.failure() != null || kind == HSQLDB);
        }
    }

    // ---------------------------------------------------------------- §1(c) self references

    /** §1(c) first row: a RESTRICT reference from a row outside the target set fails on every engine. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void selfReferenceRestrictFromOutside(TestDatabase kind) throws Exception {
        for (String rule : List.of("restrict", "no action")) {
            try (TestDb db = kind.create()) {
                db.execute("create table e (id int primary key, mgr int, " + fk("fk_e_mgr", "mgr", "e", "id", rule) + ")",
                        insert("e", "1, null", "2, 1", "3, 2"));
                Oracle.Outcome o = once(db, "DELETE FROM e WHERE id IN (1, 2)", "e");
                expectFailed(o, true);
                Oracle.assertMatches(o);
                Oracle.Outcome leaf = once(db, "DELETE FROM e WHERE id = 3", "e");
                expectFailed(leaf, false);
                Oracle.assertMatches(leaf);
            }
        }
    }

    /**
     * §1(c) second row: manager and report both in the target, manager first in scan order. PG checks after all
     * target rows are gone (OK); H2 checks before removing any (fails); MariaDB and SQLite RESTRICT check row by
     * row (fail); SQLite NO ACTION checks at statement end (OK).
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void selfReferenceBothInTarget(TestDatabase kind) throws Exception {
        for (String rule : List.of("restrict", "no action")) {
            try (TestDb db = kind.create()) {
                db.execute("create table e (id int primary key, mgr int, " + fk("fk_e_mgr", "mgr", "e", "id", rule) + ")",
                        insert("e", "1, null", "2, 1"));
                Oracle.Outcome o = once(db, "DELETE FROM e WHERE id IN (1, 2)", "e");
                boolean fails = switch (kind) {
                    // HSQLDB reads RESTRICT as NO ACTION and skips rows the same statement deletes (docs §11)
                    case POSTGRES, HSQLDB -> false;
                    case SQLITE -> rule.equals("restrict");
                    default -> true;
                };
                expectFailed(o, fails);
                Oracle.assertSound(o); // order-dependent RESTRICT: see Oracle.assertSound
            }
        }
    }

    /** §1(c) self-loop row 4 → 4, RESTRICT: OK on PG, SQLite, H2; MariaDB refuses. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void selfLoopRestrict(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table e (id int primary key, nxt int, " + fk("fk_e_nxt", "nxt", "e", "id", "restrict") + ")",
                    insert("e", "4, null"), "update e set nxt = 4 where id = 4");
            Oracle.Outcome o = once(db, "DELETE FROM e WHERE id = 4", "e");
            expectFailed(o, kind == MARIADB);
            Oracle.assertSound(o); // order-dependent RESTRICT: see Oracle.assertSound
        }
    }

    // ---------------------------------------------------------------- §1 RESTRICT vs cascade, order-independent cases

    /** §1(d): RESTRICT key and cascading key on different target rows: the same on all four engines. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void restrictAndCascadeOnDifferentTargetRows(TestDatabase kind) throws Exception {
        for (boolean restrictOnFirst : List.of(true, false)) {
            try (TestDb db = kind.create()) {
                db.execute("create table p (id int primary key)",
                        "create table c (id int primary key, a int, b int, "
                                + fk("fk_c_a", "a", "p", "id", "cascade") + ", "
                                + fk("fk_c_b", "b", "p", "id", "restrict") + ")",
                        insert("p", "1", "2"),
                        insert("c", restrictOnFirst ? "10, 2, 1" : "10, 1, 2"));
                Oracle.Outcome o = once(db, "DELETE FROM p WHERE id IN (1, 2)", "p", "c");
                // docs §1(d): p1's RESTRICT check runs before p2's cascade → fails; the other way round → OK.
                // HSQLDB deletes the whole cascade before it checks any key (docs §11): OK both ways
                expectFailed(o, restrictOnFirst && kind != HSQLDB);
                Oracle.assertSound(o); // order-dependent RESTRICT: see Oracle.assertSound
            }
        }
    }

    /** §1(b): chain P→X→C (CASCADE) plus C→P RESTRICT / NO ACTION: PostgreSQL always fails, in every order. */
    @Test
    void postgresChainWithRestrictBackEdgeAlwaysFails() throws Exception {
        for (String rule : List.of("restrict", "no action")) {
            for (boolean backEdgeFirst : List.of(true, false)) {
                try (TestDb db = POSTGRES.create()) {
                    db.execute("create table p (id int primary key)",
                            "create table x (id int primary key, p_id int)",
                            "create table c (id int primary key, x_id int, p_id int)");
                    String xp = "alter table x add " + fk("fk_x_p", "p_id", "p", "id", "cascade");
                    String cp = "alter table c add " + fk("fk_c_p", "p_id", "p", "id", rule);
                    db.execute(backEdgeFirst ? cp : xp, backEdgeFirst ? xp : cp,
                            "alter table c add " + fk("fk_c_x", "x_id", "x", "id", "cascade"),
                            insert("p", "1"), insert("x", "100, 1"), insert("c", "1000, 100, 1"));
                    Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "x", "c");
                    expectFailed(o, true);
                    Oracle.assertMatches(o);
                }
            }
        }
    }

    /** §1(a)/(b): SQLite NO ACTION is checked at statement end: a reference removed by the cascade is fine. */
    @Test
    void sqliteNoActionRemovedByCascadeSucceeds() throws Exception {
        for (boolean cascadeFirst : List.of(true, false)) {
            try (TestDb db = SQLITE.create()) {
                String cascade = fk("fk_c_a", "a", "p", "id", "cascade");
                String noAction = fk("fk_c_b", "b", "p", "id", "no action");
                db.execute("create table p (id int primary key)",
                        "create table c (id int primary key, a int, b int, "
                                + (cascadeFirst ? cascade + ", " + noAction : noAction + ", " + cascade) + ")",
                        insert("p", "1", "2"), insert("c", "10, 1, 1", "11, 1, 2"));
                Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "c");
                expectFailed(o, false);
                expectReal(o, "c", DELETE, 2);
                Oracle.assertMatches(o);
            }
        }
    }

    // ---------------------------------------------------------------- §2 depth limits

    /** §2 / implication 4: MariaDB refuses a cascade that deletes a row at depth 15 (1296); depth 14 is fine. */
    @Test
    void mariadbCascadeDepthLimit() throws Exception {
        for (int levels : List.of(15, 16)) {
            try (TestDb db = MARIADB.create()) {
                List<String> setup = new ArrayList<>();
                List<String> tables = new ArrayList<>();
                for (int i = 0; i < levels; i++) {
                    setup.add("create table t" + i + " (id int primary key, p int"
                            + (i == 0 ? "" : ", " + fk("fk_t" + i, "p", "t" + (i - 1), "id", "cascade")) + ")");
                    setup.add(insert("t" + i, "1, " + (i == 0 ? "null" : "1")));
                    tables.add("t" + i);
                }
                db.execute(setup.toArray(String[]::new));
                Oracle.Outcome o = once(db, "DELETE FROM t0 WHERE id = 1", tables.toArray(String[]::new));
                expectFailed(o, levels == 16); // deepest row at depth levels-1
                Oracle.assertMatches(o);
            }
        }
    }

    // ---------------------------------------------------------------- §5 PostgreSQL specifics

    /** §5: ON DELETE SET NULL (author_id) on a composite FK nulls only author_id. */
    @Test
    void postgresSetNullColumnList() throws Exception {
        try (TestDb db = POSTGRES.create()) {
            db.execute("create table users (tenant_id int, id int, primary key (tenant_id, id))",
                    "create table posts (id int primary key, tenant_id int not null, author_id int, "
                            + "constraint fk_posts_author foreign key (tenant_id, author_id) "
                            + "references users(tenant_id, id) on delete set null (author_id))",
                    insert("users", "1, 1", "1, 2", "2, 1"),
                    insert("posts", "10, 1, 1", "11, 1, 1", "12, 1, 2", "13, 2, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM users WHERE tenant_id = 1 AND id = 1", "users:tenant_id,id",
                    "posts");
            expectFailed(o, false);
            expectReal(o, "posts", SET_NULL, 2);
            Oracle.assertMatches(o);
        }
    }

    /** §5: cascades through a partitioned table (FK from and to the partitioned parent). */
    @Test
    void postgresPartitionedTable() throws Exception {
        try (TestDb db = POSTGRES.create()) {
            db.execute("create table cust (id int primary key)",
                    "create table ord (id int, region text, cust_id int, primary key (id, region), "
                            + fk("fk_ord_cust", "cust_id", "cust", "id", "cascade") + ") partition by list (region)",
                    "create table ord_r1 partition of ord for values in ('eu')",
                    "create table ord_r2 partition of ord for values in ('us')",
                    "create table line (id int primary key, ord_id int, region text, "
                            + fk("fk_line_ord", "ord_id, region", "ord", "id, region", "cascade") + ")",
                    insert("cust", "1", "2"),
                    insert("ord", "1, 'eu', 1", "2, 'us', 1", "3, 'us', 2", "4, 'eu', 1"),
                    insert("line", "1, 1, 'eu'", "2, 2, 'us'", "3, 2, 'us'", "4, 3, 'us'", "5, 4, 'eu'"));
            Oracle.Outcome o = once(db, "DELETE FROM cust WHERE id = 1", "cust", "ord:id,region", "line");
            expectReal(o, "ord", DELETE, 3);
            expectReal(o, "line", DELETE, 4);
            Oracle.assertMatches(o);
        }
    }

    // ---------------------------------------------------------------- §8 deferred constraints

    /**
     * §8: NO ACTION DEFERRABLE INITIALLY DEFERRED: the DELETE itself succeeds (the failure comes at COMMIT).
     * The oracle compares with the statement, so wouldFail must be false here; a guard that reports the
     * commit-time failure shows up as a mismatch, to be decided by the owner.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "SQLITE"})
    void deferredNoActionStatementSucceeds(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int, " + fk("fk_c_p", "pid", "p", "id", "no action")
                            + " deferrable initially deferred)",
                    insert("p", "1", "2"), insert("c", "10, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "c");
            expectFailed(o, false);
            Oracle.assertMatches(o);
        }
    }

    // ---------------------------------------------------------------- §9 identifiers

    /** §9: quoted mixed-case identifiers keep their case on every engine (MariaDB: no double-quote identifiers). */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "HSQLDB"})
    void quotedMixedCaseNames(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table \"AnotherUser\" (\"Id\" int primary key)",
                    "create table \"Posts\" (id int primary key, \"AuthorId\" int, constraint fk_posts foreign key "
                            + "(\"AuthorId\") references \"AnotherUser\"(\"Id\") on delete cascade)",
                    "create table \"Likes\" (id int primary key, \"PostId\" int, constraint fk_likes foreign key "
                            + "(\"PostId\") references \"Posts\"(id) on delete set null)",
                    "insert into \"AnotherUser\" values (1), (2)",
                    "insert into \"Posts\" values (10, 1), (11, 1), (20, 2)",
                    "insert into \"Likes\" values (1, 10), (2, 11), (3, 20)");
            Oracle.Outcome o = once(db, "DELETE FROM \"AnotherUser\" WHERE \"Id\" = 1",
                    "\"AnotherUser\":Id", "\"Posts\"", "\"Likes\"");
            expectReal(o, "Posts", DELETE, 2);
            expectReal(o, "Likes", SET_NULL, 2);
            Oracle.assertMatches(o);
            assertThat(o.report().effects()).extracting(e -> e.table())
                    .as("names as the database stores them\n%s", o.describe())
                    .contains("AnotherUser", "Posts", "Likes");
        }
    }

    /** §9: SQLite REFERENCES text in another case and with no column list (= the parent's primary key). */
    @Test
    void sqliteReferenceWithoutColumnListOtherCase() throws Exception {
        try (TestDb db = SQLITE.create()) {
            db.execute("create table Parent (id integer primary key, name text)",
                    "create table child (id integer primary key, pid int, "
                            + "constraint fk_child foreign key (pid) references PARENT on delete cascade)",
                    "create table grandchild (id integer primary key, cid int, "
                            + "constraint fk_gc foreign key (cid) references Child on delete set null)",
                    insert("Parent", "1, 'a'", "2, 'b'"), insert("child", "10, 1", "11, 1", "20, 2"),
                    insert("grandchild", "1, 10", "2, 20"));
            Oracle.Outcome o = once(db, "DELETE FROM parent WHERE name = 'a'", "Parent", "child", "grandchild");
            expectReal(o, "child", DELETE, 2);
            expectReal(o, "grandchild", SET_NULL, 1);
            Oracle.assertMatches(o);
        }
    }

    // ---------------------------------------------------------------- predicates

    /** Subquery and bound parameters of several types in the WHERE clause. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void subqueryPredicate(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table orgs (id int primary key, name varchar(20))",
                    "create table users (id int primary key, org_id int, active int)",
                    "create table sessions (id int primary key, user_id int, "
                            + fk("fk_sessions_user", "user_id", "users", "id", "cascade") + ")",
                    insert("orgs", "1, 'acme'", "2, 'globex'"),
                    insert("users", "1, 1, 1", "2, 1, 0", "3, 2, 0", "4, 2, 1"),
                    insert("sessions", "1, 1", "2, 2", "3, 2", "4, 3", "5, 4"));
            try (Oracle oracle = Oracle.open(db, "orgs", "users", "sessions")) {
                Oracle.Outcome o = oracle.check("DELETE FROM users WHERE org_id IN (SELECT id FROM orgs WHERE name "
                        + "LIKE ?) AND active = ?", "a%", 0);
                expectReal(o, "sessions", DELETE, 2);
                o = oracle.check("DELETE FROM users WHERE id BETWEEN ? AND ?", 2L, 3L);
                expectReal(o, "sessions", DELETE, 3);
                o = oracle.check("DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM orgs WHERE orgs.id = users.org_id "
                        + "AND orgs.name = 'acme')");
                expectReal(o, "sessions", DELETE, 2);
            }
        }
    }

    // ---------------------------------------------------------------- depth and path

    /** A 20-level chain with a shortcut t0 → t5: depth is the shortest number of hops, counts exact. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "HSQLDB"})
    void deepChainDepthAndPath(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            List<String> setup = new ArrayList<>();
            List<String> tables = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String cols = i == 0 ? "" : ", p int" + (i == 5 ? ", r int" : "");
                String fks = i == 0 ? "" : ", " + fk("fk_t" + i, "p", "t" + (i - 1), "id", "cascade")
                        + (i == 5 ? ", " + fk("fk_t5_root", "r", "t0", "id", "cascade") : "");
                setup.add("create table t" + i + " (id int primary key" + cols + fks + ")");
                List<String> rows = new ArrayList<>();
                for (int k = 1; k <= 3; k++) {
                    rows.add(k + (i == 0 ? "" : ", " + (k == 3 ? 2 : 1)) + (i == 5 ? ", " + (k == 3 ? 1 : 2) : ""));
                }
                setup.add(insert("t" + i, rows));
                tables.add("t" + i);
            }
            db.execute(setup.toArray(String[]::new));
            Oracle.Outcome o = once(db, "DELETE FROM t0 WHERE id = 1", tables.toArray(String[]::new));
            Oracle.assertMatches(o);
            expectReal(o, "t19", DELETE, 3);
            for (var e : o.report().effects()) {
                int level = Integer.parseInt(e.table().substring(1));
                int shortest = level < 5 ? level : level - 4;
                assertThat(e.depth()).as("depth of %s\n%s", e.table(), o.describe()).isEqualTo(shortest);
                assertThat(e.path()).as("path of %s", e.table()).hasSize(shortest + 1);
                assertThat(Oracle.lower(e.path().get(0))).isEqualTo("t0");
                assertThat(Oracle.lower(e.path().get(e.path().size() - 1))).isEqualTo(Oracle.lower(e.table()));
            }
        }
    }

    // ---------------------------------------------------------------- SET NULL on a referenced column

    /**
     * SET NULL writes a column that another FK references (ON UPDATE NO ACTION / RESTRICT by default): the
     * database refuses when a row references the old value. A side effect of ON UPDATE rules, outside the
     * ON DELETE graph.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void setNullOnReferencedColumn(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int, " + fk("fk_c_p", "pid", "p", "id", "set null")
                            + ", constraint uq_c_pid unique (pid))",
                    "create table d (id int primary key, c_pid int, constraint fk_d_c foreign key (c_pid) "
                            + "references c(pid))",
                    insert("p", "1", "2"), insert("c", "10, 1", "20, 2"), insert("d", "100, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "c", "d");
            expectFailed(o, true);
            Oracle.assertMatches(o);
            Oracle.Outcome ok = once(db, "DELETE FROM p WHERE id = 2", "p", "c", "d");
            expectFailed(ok, false);
            Oracle.assertMatches(ok);
        }
    }

    // ---------------------------------------------------------------- awkward names

    /** Reserved words, a space and a dot in table and column names: the guard's own queries must quote them. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "HSQLDB"})
    void reservedAndOddNames(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table \"order\" (id int primary key, \"group\" int)",
                    "create table \"my items\" (id int primary key, \"order\" int, constraint fk_items foreign key "
                            + "(\"order\") references \"order\"(id) on delete cascade)",
                    "create table \"odd.name\" (id int primary key, \"select\" int, constraint fk_odd foreign key "
                            + "(\"select\") references \"my items\"(id) on delete set null)",
                    "insert into \"order\" values (1, 1), (2, 2)",
                    "insert into \"my items\" values (10, 1), (11, 1), (20, 2)",
                    "insert into \"odd.name\" values (1, 10), (2, 20), (3, null)");
            Oracle.Outcome o = once(db, "DELETE FROM \"order\" WHERE \"group\" = ?",
                    new Object[]{1}, "\"order\"", "\"my items\"", "\"odd.name\"");
            expectReal(o, "my items", DELETE, 2);
            expectReal(o, "odd.name", SET_NULL, 1);
            Oracle.assertMatches(o);
        }
    }

    /** SQLite: REFERENCES a table with a composite primary key and no column list (= that whole key). */
    @Test
    void sqliteCompositeReferenceWithoutColumnList() throws Exception {
        try (TestDb db = SQLITE.create()) {
            db.execute("create table p (a int, b int, primary key (a, b))",
                    "create table c (id integer primary key, x int, y int, "
                            + "constraint fk_c foreign key (x, y) references p on delete cascade)",
                    insert("p", "1, 1", "1, 2", "2, 1"), insert("c", "1, 1, 1", "2, 1, 2", "3, 2, 1", "4, 1, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM p WHERE a = 1 AND b = 1", "p:a,b", "c");
            expectReal(o, "c", DELETE, 2);
            Oracle.assertMatches(o);
        }
    }

    /** PostgreSQL: a child table in another schema than the target's. */
    @Test
    void postgresChildInAnotherSchema() throws Exception {
        try (TestDb db = POSTGRES.create()) {
            String other = "x_" + Long.toHexString(System.nanoTime());
            db.execute("create schema " + other);
            try {
                db.execute("create table users (id int primary key)",
                        "create table " + other + ".audit (id int primary key, user_id int, "
                                + fk("fk_audit_user", "user_id", "users", "id", "cascade") + ")",
                        "create table " + other + ".users (id int primary key, main_id int, "
                                + fk("fk_shadow_user", "main_id", "users", "id", "set null") + ")",
                        insert("users", "1", "2"),
                        insert(other + ".audit", "1, 1", "2, 1", "3, 2"),
                        insert(other + ".users", "1, 1", "2, 2"));
                Oracle.Outcome o = once(db, "DELETE FROM users WHERE id = 1", "users", other + ".audit",
                        other + ".users");
                expectReal(o, other + ".audit", DELETE, 2);
                expectReal(o, other + ".users", SET_NULL, 1);
                Oracle.assertMatches(o);
            } finally {
                db.execute("drop schema " + other + " cascade");
            }
        }
    }

    /** SET NULL on a composite FK whose other column is NOT NULL: fails like the single-column case (§3). */
    @ParameterizedTest
    // not HSQLDB: it refuses such a key when it is declared (HsqldbOracleTest pins that)
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void setNullOnCompositeKeyWithNotNullPart(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table users (tenant_id int, id int, primary key (tenant_id, id))",
                    "create table posts (id int primary key, tenant_id int not null, author_id int, "
                            + fk("fk_posts_author", "tenant_id, author_id", "users", "tenant_id, id", "set null") + ")",
                    insert("users", "1, 1", "1, 2"), insert("posts", "10, 1, 1"));
            Oracle.Outcome o = once(db, "DELETE FROM users WHERE id = 1", "users:tenant_id,id", "posts");
            expectFailed(o, true);
            Oracle.assertMatches(o);
            Oracle.assertMatches(once(db, "DELETE FROM users WHERE id = 2", "users:tenant_id,id", "posts"));
        }
    }

    /**
     * §8 companions: only INITIALLY DEFERRED defers NO ACTION. DEFERRABLE alone, DEFERRABLE INITIALLY IMMEDIATE
     * and NOT DEFERRABLE all fail at the DELETE (PostgreSQL and SQLite).
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "SQLITE"})
    void immediateNoActionVariantsFail(TestDatabase kind) throws Exception {
        for (String clause : List.of("deferrable", "deferrable initially immediate", "not deferrable")) {
            try (TestDb db = kind.create()) {
                db.execute("create table p (id int primary key)",
                        "create table c (id int primary key, pid int, " + fk("fk_c_p", "pid", "p", "id", "no action")
                                + " " + clause + ")",
                        insert("p", "1", "2"), insert("c", "10, 1"));
                Oracle.Outcome o = once(db, "DELETE FROM p WHERE id = 1", "p", "c");
                assertThat(o.failure() != null).as("fixture sanity: %s fails at the DELETE\n%s", clause,
                        o.describe()).isTrue();
                Oracle.assertMatches(o);
            }
        }
    }

    /** §5: PostgreSQL ON DELETE SET DEFAULT (col) on a composite FK resets only that column. */
    @Test
    void postgresSetDefaultColumnList() throws Exception {
        try (TestDb db = POSTGRES.create()) {
            db.execute("create table users (tenant_id int, id int, primary key (tenant_id, id))",
                    "create table posts (id int primary key, tenant_id int not null, author_id int default 0, "
                            + "constraint fk_posts_author foreign key (tenant_id, author_id) "
                            + "references users(tenant_id, id) on delete set default (author_id))",
                    insert("users", "1, 0", "1, 1", "2, 0", "2, 1"),
                    insert("posts", "10, 1, 1", "11, 1, 1", "12, 2, 1", "13, 1, 0"));
            Oracle.Outcome o = once(db, "DELETE FROM users WHERE tenant_id = 1 AND id = 1", "users:tenant_id,id",
                    "posts");
            expectFailed(o, false);
            expectReal(o, "posts", SET_DEFAULT, 2);
            Oracle.assertMatches(o);
        }
    }
}

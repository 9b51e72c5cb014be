package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cascadeguard.report.EffectAction.RESTRICT;
import static dev.cascadeguard.report.EffectAction.SET_DEFAULT;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static dev.cascadeguard.report.EffectAction.UPDATE;
import static dev.cascadeguard.report.EffectAction.UPDATE_CASCADE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ON UPDATE rules (issue #19 part 2), on the four databases: the guard's prediction for an UPDATE of a referenced key
 * against the rows the database really changes (in a transaction rolled back), and against its refusal.
 * docs/database-semantics.md §14 has the measurements these cases pin.
 */
class OnUpdateOracleTest {

    /** Each table with the columns an UPDATE can change: the real effect is the rows whose columns changed. */
    private static final Map<String, String> WATCHED = new LinkedHashMap<>();

    static {
        WATCHED.put("p", "code");
        WATCHED.put("c", "pc");
        WATCHED.put("n", "pc");
        WATCHED.put("d", "pc");
        WATCHED.put("r", "pc");
    }

    /**
     * p(code) is referenced by c (ON UPDATE CASCADE), n (SET NULL), d (SET DEFAULT 'z', not MariaDB: it has none)
     * and r (RESTRICT, or NO ACTION, the default). Codes a, b, z; c references a twice and b once, n and d a, r b.
     */
    private static void schema(TestDb db, String restrict) throws SQLException {
        boolean mariadb = db.database() == TestDatabase.MARIADB;
        db.execute("create table p (id int primary key, code varchar(10) not null, name varchar(20), "
                        + "constraint p_code unique (code))",
                "create table c (id int primary key, pc varchar(10), constraint c_fk foreign key (pc) "
                        + "references p (code) on update cascade)",
                "create table n (id int primary key, pc varchar(10), constraint n_fk foreign key (pc) "
                        + "references p (code) on update set null)",
                mariadb ? "create table d (id int primary key, pc varchar(10))"
                        : "create table d (id int primary key, pc varchar(10) default 'z', constraint d_fk "
                        + "foreign key (pc) references p (code) on update set default)",
                "create table r (id int primary key, pc varchar(10), constraint r_fk foreign key (pc) "
                        + "references p (code)" + (restrict.isEmpty() ? "" : " on update " + restrict) + ")",
                "insert into p values (1, 'a', 'one'), (2, 'b', 'two'), (3, 'z', 'zed')",
                "insert into c values (10, 'a'), (11, 'a'), (12, 'b')",
                "insert into n values (20, 'a'), (21, null)",
                "insert into d values (30, 'a'), (31, 'b')",
                "insert into r values (40, 'b')");
    }

    private static UpdateOutcome run(TestDb db, String sql, Object... params) throws SQLException {
        return UpdateOutcome.run(db, WATCHED, sql, params);
    }

    private static UpdateOutcome run(TestDb db, Map<String, String> watched, String sql, Object... params)
            throws SQLException {
        return UpdateOutcome.run(db, watched, sql, params);
    }

    /** Every predicted count equals the real one, and wouldFail equals the database's refusal. */
    private static void assertMatches(UpdateOutcome o, TestDatabase kind) {
        assertThat((Object) o.report()).isNotNull();
        assertThat(o.report().kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(o.report().wouldFail()).as("%s wouldFail vs %s\n%s", kind, o.failure(), o.report())
                .isEqualTo(o.failure() != null);
        if (o.failure() != null) {
            return;
        }
        assertThat(o.predicted("p", UPDATE)).as("%s target\n%s", kind, o.report()).isEqualTo(o.real("p", UPDATE));
        for (String table : List.of("c", "n", "d")) {
            long real = o.real(table, SET_NULL) + o.real(table, UPDATE);
            long predicted = o.predicted(table, SET_NULL) + o.predicted(table, UPDATE_CASCADE)
                    + o.predicted(table, SET_DEFAULT);
            assertThat(predicted).as("%s %s\n%s", kind, table, o.report()).isEqualTo(real);
        }
        assertThat(o.predicted("n", SET_NULL)).isEqualTo(o.real("n", SET_NULL));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void renamingACodeCascadesNullsAndResets(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db, "restrict");
            UpdateOutcome o = run(db, "update p set code = 'x' where id = 1");
            assertThat((Object) o.failure()).isNull();
            assertThat(o.real("c", UPDATE)).as("fixture: two c rows rewritten").isEqualTo(2);
            assertThat(o.real("n", SET_NULL)).as("fixture: one n row nulled").isEqualTo(1);
            assertMatches(o, kind);
            assertThat(o.predicted("p", UPDATE)).isEqualTo(1);
            assertThat(o.predicted("c", UPDATE_CASCADE)).isEqualTo(2);
            assertThat(o.predicted("d", SET_DEFAULT)).isEqualTo(kind == TestDatabase.MARIADB ? 0 : 1);
            // the target row keeps its data under its new key: only the rows its key change reaches count
            assertThat(o.report().totalRows()).isEqualTo(kind == TestDatabase.MARIADB ? 3 : 4);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void aRestrictOrNoActionReferenceRefusesTheRenameWithParameters(TestDatabase kind) throws Exception {
        for (String rule : List.of("restrict", "no action", "")) {
            try (TestDb db = kind.create()) {
                schema(db, rule);
                UpdateOutcome o = run(db, "update p set code = ? where id = ?", "y", 2);
                assertThat((Object) o.failure()).as("%s %s: the database refuses", kind, rule).isNotNull();
                assertMatches(o, kind);
                assertThat(o.predicted("r", RESTRICT)).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void settingAKeyToItsOwnValueChangesNothingEvenUnderRestrict(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db, "restrict");
            for (String sql : List.of("update p set code = 'b' where id = 2", "update p set code = code",
                    "update p set code = code, name = 'renamed'")) {
                UpdateOutcome o = run(db, sql);
                assertThat((Object) o.failure()).as("%s %s", kind, sql).isNull();
                assertMatches(o, kind);
                assertThat(o.report().totalRows()).as("%s %s", kind, sql).isZero();
                assertThat(o.report().effects()).extracting(TableEffect::action).containsOnly(UPDATE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void anUpdateOfANonKeyColumnIsNotReportedAndRuns(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db, "restrict");
            UpdateOutcome o = run(db, "update p set name = 'renamed' where id = 2");
            assertThat((Object) o.report()).isNull();
            assertThat((Object) o.failure()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void severalRowsRenamedByAnExpression(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db, "cascade");
            String renamed = kind == TestDatabase.MARIADB ? "concat(code, '2')" : "code || '2'";
            UpdateOutcome o = run(db, "update p set code = " + renamed + " where id in (1, 2)");
            assertThat((Object) o.failure()).isNull();
            assertMatches(o, kind);
            assertThat(o.predicted("p", UPDATE)).isEqualTo(2);
            assertThat(o.predicted("c", UPDATE_CASCADE)).isEqualTo(3);
            assertThat(o.predicted("r", UPDATE_CASCADE)).isEqualTo(1);
            assertThat(o.real("r", UPDATE)).isEqualTo(1);
        }
    }

    /**
     * d's rows are reset to 'z' while the same UPDATE renames 'z': PostgreSQL and SQLite check the default against
     * the rows left and refuse; H2 writes it without a check (an orphan); MariaDB has no SET DEFAULT.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void aSetDefaultWhoseDefaultIsRenamedToo(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db, "restrict");
            UpdateOutcome o = run(db, "update p set code = code || '2' where id in (1, 3)");
            assertThat(o.failure() != null).as("%s refuses", kind).isEqualTo(kind != TestDatabase.H2);
            assertMatches(o, kind);
            UpdateOutcome ok = run(db, "update p set code = code || '2' where id = 1");
            assertThat((Object) ok.failure()).isNull();
            assertMatches(ok, kind);
            assertThat(ok.predicted("d", SET_DEFAULT)).isEqualTo(1);
        }
    }

    /**
     * A chain: p.code ← m.pc (CASCADE, m.pc itself unique and referenced) ← g.mpc (CASCADE), gn.mpc (SET NULL);
     * with gr.mpc (RESTRICT) holding the renamed value, every database refuses the whole UPDATE.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void aRewrittenKeyThatIsItselfReferencedCascadesOn(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key, code varchar(10) not null, constraint p_code unique (code))",
                    "create table m (id int primary key, pc varchar(10), constraint m_pc unique (pc), "
                            + "constraint m_fk foreign key (pc) references p (code) on update cascade)",
                    "create table g (id int primary key, mpc varchar(10), constraint g_fk foreign key (mpc) "
                            + "references m (pc) on update cascade)",
                    "create table gn (id int primary key, mpc varchar(10), constraint gn_fk foreign key (mpc) "
                            + "references m (pc) on update set null)",
                    "create table gr (id int primary key, mpc varchar(10), constraint gr_fk foreign key (mpc) "
                            + "references m (pc) on update restrict)",
                    "insert into p values (1, 'a'), (2, 'b'), (3, 'c')",
                    "insert into m values (10, 'a'), (11, 'b'), (12, 'c')",
                    "insert into g values (20, 'a'), (21, 'a'), (22, 'b')",
                    "insert into gn values (30, 'a'), (31, 'c')",
                    "insert into gr values (40, 'b')");
            Map<String, String> watched = new LinkedHashMap<>();
            for (String t : List.of("p:code", "m:pc", "g:mpc", "gn:mpc", "gr:mpc")) {
                watched.put(t.substring(0, t.indexOf(':')), t.substring(t.indexOf(':') + 1));
            }
            UpdateOutcome o = run(db, watched, "update p set code = ? where id = ?", "x", 1);
            assertThat((Object) o.failure()).isNull();
            assertThat(o.report().wouldFail()).isFalse();
            assertThat(o.real("g", UPDATE)).as("fixture: the cascade reached g").isEqualTo(2);
            for (String[] expected : new String[][] {{"p", "UPDATE", "1"}, {"m", "UPDATE_CASCADE", "1"},
                    {"g", "UPDATE_CASCADE", "2"}, {"gn", "SET_NULL", "1"}}) {
                EffectAction action = EffectAction.valueOf(expected[1]);
                long real = o.real(expected[0], action == SET_NULL ? SET_NULL : UPDATE);
                assertThat(real).as("%s real %s", kind, expected[0]).isEqualTo(Long.parseLong(expected[2]));
                assertThat(o.predicted(expected[0], action)).as("%s predicted %s\n%s", kind, expected[0], o.report())
                        .isEqualTo(real);
            }
            assertThat(o.report().effects()).filteredOn(e -> e.table().equalsIgnoreCase("g"))
                    .extracting(TableEffect::depth).containsExactly(2);
            assertThat(o.report().totalRows()).isEqualTo(4);

            UpdateOutcome refused = run(db, watched, "update p set code = 'y' where id = 2");
            assertThat((Object) refused.failure()).as("%s refuses: gr references b", kind).isNotNull();
            assertThat(refused.report().wouldFail()).isTrue();
            assertThat(refused.predicted("gr", RESTRICT)).isEqualTo(1);
            UpdateOutcome unchanged = run(db, watched, "update p set code = code where id in (2, 3)");
            assertThat((Object) unchanged.failure()).isNull();
            assertThat(unchanged.report().wouldFail()).isFalse();
            assertThat(unchanged.report().totalRows()).isZero();
        }
    }

    /**
     * Row 1 gives up 'a' and row 2 takes it in the same UPDATE: r's row still has a parent when the statement ends.
     * NO ACTION is checked then on PostgreSQL and SQLite (it runs), at once on MariaDB and H2 (refused); RESTRICT is
     * refused everywhere.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void aKeyHandedOverToAnotherRowOfTheSameUpdate(TestDatabase kind) throws Exception {
        for (String rule : List.of("no action", "restrict")) {
            try (TestDb db = kind.create()) {
                schema(db, rule);
                db.execute("delete from c", "delete from n", "delete from d", "delete from r",
                        "insert into r values (40, 'a')");
                UpdateOutcome o = run(db, "update p set code = case id when 1 then 'q' when 2 then 'a' end "
                        + "where id in (1, 2)");
                boolean runs = rule.equals("no action")
                        && (kind == TestDatabase.POSTGRES || kind == TestDatabase.SQLITE);
                assertThat(o.failure() == null).as("%s %s runs", kind, rule).isEqualTo(runs);
                assertMatches(o, kind);
            }
        }
    }

    /**
     * A self-reference: renaming categories rewrites their children's parent_code (the same table); MariaDB refuses
     * as soon as a renamed row has children.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void aSelfReferenceRewritesTheChildrenInTheSameTable(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table cat (id int primary key, code varchar(10) not null, parent_code varchar(10), "
                            + "constraint cat_code unique (code), constraint cat_fk foreign key (parent_code) "
                            + "references cat (code) on update cascade)",
                    "insert into cat values (1, 'root', null)",
                    "insert into cat values (2, 'a', 'root'), (3, 'b', 'root')",
                    "insert into cat values (4, 'a1', 'a'), (5, 'a2', 'a'), (6, 'b1', 'b')");
            Map<String, String> watched = Map.of("cat", kind == TestDatabase.MARIADB
                    ? "concat(code, '/', coalesce(parent_code, '-'))" : "code || '/' || coalesce(parent_code, '-')");
            String renamed = kind == TestDatabase.MARIADB ? "concat(code, 'x')" : "code || 'x'";
            UpdateOutcome o = run(db, watched, "update cat set code = " + renamed + " where id in (1, 2)");
            if (kind == TestDatabase.MARIADB) {
                // InnoDB treats an ON UPDATE CASCADE back into the table it is updating as RESTRICT
                assertThat((Object) o.failure()).isNotNull();
                assertThat(o.report().wouldFail()).isTrue();
                UpdateOutcome leaf = run(db, watched, "update cat set code = 'b1x' where id = 6");
                assertThat((Object) leaf.failure()).as("a leaf has no children: it runs").isNull();
                assertThat(leaf.report().wouldFail()).isFalse();
                return;
            }
            assertThat((Object) o.failure()).isNull();
            // rows 1 and 2 renamed; 2 and 3 (children of root) and 4 and 5 (children of a) rewritten: 5 rows changed
            assertThat(o.real("cat", UPDATE)).isEqualTo(5);
            assertThat(o.predicted("cat", UPDATE)).isEqualTo(2);
            assertThat(o.predicted("cat", UPDATE_CASCADE)).isEqualTo(4);
        }
    }

    /** SET NULL on a NOT NULL referencing column: the database refuses, the guard predicts it. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void setNullOnANotNullColumnFails(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key, code varchar(10) not null, constraint p_code unique (code))",
                    "create table n (id int primary key, pc varchar(10) not null, constraint n_fk foreign key (pc) "
                            + "references p (code) on update set null)",
                    "insert into p values (1, 'a'), (2, 'b')", "insert into n values (20, 'a')");
            UpdateOutcome o = run(db, Map.of("p", "code", "n", "pc"), "update p set code = 'x' where id = 1");
            assertThat((Object) o.failure()).isNotNull();
            assertThat(o.report().wouldFail()).isTrue();
            UpdateOutcome ok = run(db, Map.of("p", "code", "n", "pc"), "update p set code = 'x' where id = 2");
            assertThat((Object) ok.failure()).isNull();
            assertThat(ok.report().wouldFail()).isFalse();
        }
    }
}

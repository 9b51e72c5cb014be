package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MariaDB {@code REPLACE} and SQLite {@code INSERT OR REPLACE}: the guard's prediction of the existing rows a REPLACE
 * deletes (on the primary key or any unique key) and of their cascade equals what the server does. The target's
 * oracle key is (id, stamp): existing rows carry a stamp, new rows get the default 0, so a row replaced by one with
 * the same id counts as deleted, as it is (its cascade fires).
 */
class ReplaceOracleTest {

    private static final String[] TABLES = {"orgs:id,stamp", "users", "items", "notes", "incoming"};

    /**
     * orgs (id auto, name unique, (code, region) unique) <- users (cascade) <- items (cascade); orgs <- notes
     * (set null). Org 1 has users 10, 11 (items 100, 101), org 2 user 12 (item 102), org 3 user 13 (item 103),
     * org 4 user 14; notes on orgs 1, 2, 4.
     */
    private static TestDb schema(TestDatabase kind) throws SQLException {
        TestDb db = kind.create();
        String id = kind == TestDatabase.SQLITE ? "id integer primary key" : "id int auto_increment primary key";
        db.execute("create table orgs (" + id + ", name varchar(20) unique, code varchar(10), region int, "
                        + "stamp int default 0, unique (code, region))",
                "create table users (id int primary key, org_id int, "
                        + fk("fk_users_org", "org_id", "orgs", "id", "cascade") + ")",
                "create table items (id int primary key, user_id int, "
                        + fk("fk_items_user", "user_id", "users", "id", "cascade") + ")",
                "create table notes (id int primary key, org_id int, "
                        + fk("fk_notes_org", "org_id", "orgs", "id", "set null") + ")",
                "create table incoming (id int primary key, name varchar(20), code varchar(10), region int)",
                insert("orgs", "1, 'a', 'x', 1, 1", "2, 'b', 'y', 1, 2", "3, 'c', null, null, 3",
                        "4, 'd', 'x', 2, 4"),
                insert("users", "10, 1", "11, 1", "12, 2", "13, 3", "14, 4"),
                insert("items", "100, 10", "101, 10", "102, 12", "103, 13"),
                insert("notes", "1, 1", "2, 2", "3, 4"),
                insert("incoming", "2, 'zz', null, null", "20, 'c', null, null", "21, 'new', 'x', 9"));
        return db;
    }

    private static Oracle.Outcome check(Oracle oracle, String sql, Object... params) throws SQLException {
        Oracle.Outcome o = oracle.check(sql, params);
        assertThat(o.report().kind()).as(o.describe()).isEqualTo(StatementKind.REPLACE);
        TableEffect target = o.report().effects().get(0);
        assertThat(target.depth()).isZero();
        assertThat(target.action()).isEqualTo(DELETE);
        return o;
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void replacedRowsAndTheirCascadeAreWhatTheServerDeletes(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = schema(kind); Oracle oracle = Oracle.open(db, TABLES).allowingNewRows()) {
            // same primary key, same (code, region): one row, its users, their items, a note set to NULL
            Oracle.Outcome o = check(oracle, "REPLACE INTO orgs (id, name, code, region) VALUES (1, 'renamed', 'x', 1)");
            Oracle.expectReal(o, "orgs", DELETE, 1);
            Oracle.expectReal(o, "users", DELETE, 2);
            Oracle.expectReal(o, "items", DELETE, 2);
            Oracle.expectReal(o, "notes", SET_NULL, 1);

            // one new row replaces two: org 1 on the primary key, org 2 on the unique name
            o = check(oracle, "REPLACE INTO orgs (id, name) VALUES (1, 'b')");
            Oracle.expectReal(o, "orgs", DELETE, 2);
            Oracle.expectReal(o, "users", DELETE, 3);

            // several rows, parameters; a NULL in (code, region) conflicts with nothing
            o = check(oracle, "REPLACE INTO orgs (id, name, code, region) VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
                    5, "e", "y", 1, 6, "f", null, 2);
            Oracle.expectReal(o, "orgs", DELETE, 1);
            o = check(oracle, "REPLACE INTO orgs (id, name, code, region) VALUES (7, 'g', NULL, NULL)");
            Oracle.expectReal(o, "orgs", DELETE, 0);

            // new rows that replace each other were never existing rows: nothing is deleted
            o = check(oracle, "REPLACE INTO orgs (id, name) VALUES (8, 'q'), (9, 'q')");
            Oracle.expectReal(o, "orgs", DELETE, 0);

            // an omitted auto-generated key never conflicts; the name does
            o = check(oracle, "REPLACE INTO orgs (name) VALUES (?)", "a");
            Oracle.expectReal(o, "orgs", DELETE, 1);

            // REPLACE ... SELECT: org 2 on its id, org 3 on the name 'c', org 1 not on ('x', 9)
            o = check(oracle, "REPLACE INTO orgs (id, name, code, region) SELECT id, name, code, region FROM incoming "
                    + "WHERE id > ?", 0);
            Oracle.expectReal(o, "orgs", DELETE, 2);
            Oracle.expectReal(o, "users", DELETE, 2);
            Oracle.expectReal(o, "items", DELETE, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE"})
    void sqliteInsertOrReplaceWithoutAColumnList(TestDatabase kind) throws Exception {
        try (TestDb db = schema(kind); Oracle oracle = Oracle.open(db, TABLES).allowingNewRows()) {
            Oracle.Outcome o = check(oracle, "INSERT OR REPLACE INTO orgs VALUES (2, 'a', 'y', 1, 0)");
            Oracle.expectReal(o, "orgs", DELETE, 2);
            Oracle.expectReal(o, "users", DELETE, 3);
            Oracle.expectReal(o, "items", DELETE, 3);
        }
    }

    /**
     * The server compares as its unique index does: MariaDB's default collation ignores case ('B' replaces 'b'),
     * SQLite's BINARY does not; SQLite's REPLACE stores a NOT NULL column's default in place of a NULL, which then
     * conflicts like any value.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void comparedAsTheServerComparesKeys(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = schema(kind)) {
            db.execute("create table tags (id int primary key, label varchar(10) not null default 'k', "
                            + "stamp int default 0, unique (label))",
                    "create table tagged (id int primary key, tag_id int, "
                            + fk("fk_tagged_tag", "tag_id", "tags", "id", "cascade") + ")",
                    insert("tags", "1, 'k', 1", "2, 'm', 2"), insert("tagged", "1, 1", "2, 1", "3, 2"));
            try (Oracle oracle = Oracle.open(db, "orgs:id,stamp", "users", "items", "notes", "tags:id,stamp", "tagged")
                    .allowingNewRows()) {
                Oracle.Outcome o = check(oracle, "REPLACE INTO orgs (id, name) VALUES (30, 'B')");
                Oracle.expectReal(o, "orgs", DELETE, kind == TestDatabase.MARIADB ? 1 : 0);
                if (kind == TestDatabase.SQLITE) {
                    o = check(oracle, "INSERT OR REPLACE INTO tags (id, label) VALUES (?, ?)", 5, null);
                    Oracle.expectReal(o, "tags", DELETE, 1);
                    Oracle.expectReal(o, "tagged", DELETE, 2);
                }
                // an omitted column takes its constant default, and that conflicts too
                o = check(oracle, "REPLACE INTO tags (id) VALUES (6)");
                Oracle.expectReal(o, "tags", DELETE, 1);
                Oracle.expectReal(o, "tagged", DELETE, 2);
            }
        }
    }

    /** Many rows: one flat IN list per one-column key, not an OR per row (SQLite nests those past its depth limit). */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void manyRowsAtOnce(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = schema(kind); Oracle oracle = Oracle.open(db, TABLES).allowingNewRows()) {
            StringBuilder sql = new StringBuilder("REPLACE INTO orgs (id, name) VALUES (2, 'two')");
            for (int i = 0; i < 1500; i++) {
                sql.append(", (").append(1000 + i).append(", 'n").append(i).append("')");
            }
            sql.append(", (3000, 'a')");
            Oracle.Outcome o = check(oracle, sql.toString());
            Oracle.expectReal(o, "orgs", DELETE, 2);
            Oracle.expectReal(o, "users", DELETE, 3);
        }
    }

    /** A self-referencing target: the replaced rows' subtrees go with them, VALUES and SELECT alike. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void selfReferencingTargetCascadesThroughItsTree(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = kind.create()) {
            db.execute("create table cats (id int primary key, name varchar(10) unique, parent_id int, "
                            + "stamp int default 0, " + fk("fk_cats_parent", "parent_id", "cats", "id", "cascade") + ")",
                    insert("cats", "1, 'root', null, 1", "2, 'a', 1, 2", "3, 'b', 2, 3", "4, 'c', null, 4",
                            "5, 'd', 4, 5"));
            try (Oracle oracle = Oracle.open(db, "cats:id,stamp").allowingNewRows()) {
                Oracle.Outcome o = check(oracle, "REPLACE INTO cats (id, name) VALUES (2, 'x')");
                Oracle.expectReal(o, "cats", DELETE, 2);
                o = check(oracle, "REPLACE INTO cats (id, name) SELECT 10, 'c'");
                Oracle.expectReal(o, "cats", DELETE, 2);
            }
        }
    }

    /** Where equality on the catalog's keys is not what the server compares, the guard does not count. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void keysTheGuardCannotCompareFailClosed(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = schema(kind)) {
            db.execute(kind == TestDatabase.SQLITE ? "create unique index ux_lower on incoming (lower(name))"
                    : "create unique index ux_prefix on incoming (name(3))");
            db.execute("create table audit (id int primary key, code varchar(10))",
                    kind == TestDatabase.SQLITE
                            ? "create trigger tr before insert on audit begin select 1; end"
                            : "create trigger tr before insert on audit for each row set new.code = upper(new.code)");
            try (Connection c = guarded(db)) {
                GuardConnection guard = c.unwrap(GuardConnection.class);
                for (String sql : new String[] {"REPLACE INTO incoming (id, name) VALUES (1, 'abc')",
                        "REPLACE INTO audit (id, code) VALUES (1, 'x')"}) {
                    GuardReport report = guard.preview(sql);
                    assertThat(report.assessments().size()).as(sql).isEqualTo(1);
                    assertThat((Object) report.assessments().get(0)).as(sql).isInstanceOf(Assessment.Unverifiable.class);
                }
            }
        }
    }

    /** A RESTRICT below: MariaDB refuses at once, and the guard says it would fail. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB"})
    void restrictBelowMakesTheReplaceFail(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = schema(kind)) {
            db.execute("create table locks (id int primary key, org_id int, "
                    + fk("fk_locks_org", "org_id", "orgs", "id", "restrict") + ")", insert("locks", "1, 3"));
            try (Oracle oracle = Oracle.open(db, TABLES).allowingNewRows()) {
                Oracle.Outcome o = check(oracle, "REPLACE INTO orgs (id, name) VALUES (3, 'c2')");
                assertThat(o.failure() != null).as(o.describe()).isTrue();
                assertThat(o.report().wouldFail()).isTrue();
            }
        }
    }

    /**
     * SQLite checks a NO ACTION key when the statement ends, after the new rows are in: whether it fails depends on
     * the new keys, so the guard does not count, it fails closed.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE"})
    void sqliteReferencesToReplacedRowsFailClosed(TestDatabase kind) throws Exception {
        try (TestDb db = schema(kind)) {
            db.execute("create table refs (id int primary key, org_id int references orgs (id))",
                    insert("refs", "1, 3"));
            try (Connection c = guarded(db)) {
                GuardReport report = c.unwrap(GuardConnection.class).preview("REPLACE INTO orgs (id, name) VALUES (3, 'c')");
                assertThat(report.assessments().size()).isEqualTo(1);
                assertThat((Object) report.assessments().get(0)).isInstanceOf(Assessment.Unverifiable.class);
                // no reference reached: counted as usual
                report = c.unwrap(GuardConnection.class).preview("REPLACE INTO orgs (id, name) VALUES (4, 'd')");
                assertThat(report.reports()).hasSize(1);
                assertThat(report.reports().get(0).totalRows()).isEqualTo(3L);
            }
        }
    }

    /** Foreign keys switched off: the replaced rows go, nothing cascades, and the guard says so. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void foreignKeysOffReplacedRowsDoNotCascade(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = schema(kind); Connection c = guarded(db); Statement s = c.createStatement()) {
            s.execute(kind == TestDatabase.SQLITE ? "PRAGMA foreign_keys = OFF" : "SET FOREIGN_KEY_CHECKS = 0");
            String sql = "REPLACE INTO orgs (id, name) VALUES (1, 'b')";
            CascadeReport report = c.unwrap(GuardConnection.class).preview(sql).reports().get(0);
            long users = db.count("users");
            long before = count(c, "select count(*) from orgs where stamp > 0");
            c.setAutoCommit(false);
            try {
                s.executeUpdate(sql);
                assertThat(before - count(c, "select count(*) from orgs where stamp > 0")).isEqualTo(2);
                assertThat(count(c, "select count(*) from users")).isEqualTo(users);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            assertThat(report.effects()).filteredOn(e -> e.action() == DELETE)
                    .extracting(TableEffect::table, TableEffect::rows).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("orgs", 2L));
        }
    }

    private static Connection guarded(TestDb db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.mode", "off");
        return DriverManager.getConnection(db.guardUrl(), p);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

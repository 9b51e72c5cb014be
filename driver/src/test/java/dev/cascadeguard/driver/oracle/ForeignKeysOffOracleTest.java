package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.ForeignKeyChecks;
import dev.cascadeguard.report.TableEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prediction equals reality with the connection's foreign-key switch on and off (SQLite's {@code PRAGMA
 * foreign_keys}, MariaDB's {@code foreign_key_checks}): switched on, the usual oracle; switched off, the rows
 * really deleted and the rows really left pointing at a deleted row, measured on the server after the statement,
 * compared with the report's DELETE and ORPHAN effects and its notes.
 */
class ForeignKeysOffOracleTest {

    private static final String DELETE_AUTHOR_1 = "DELETE FROM authors WHERE id = 1";
    private static final String[] TABLES = {"authors", "posts", "comments", "likes"};

    /**
     * authors (self-reference mentor_id SET NULL) <- posts (author_id CASCADE, editor_id SET NULL) <- comments
     * (CASCADE), authors <- likes (RESTRICT). Deleting author 1 with foreign keys off leaves posts 10, 11, 12
     * (author or editor 1), like 1000 and author 2 (mentor 1) pointing at it; comments reference posts only.
     */
    private static void schema(TestDb db) throws SQLException {
        db.execute("create table authors (id int primary key, mentor_id int, "
                        + fk("fk_mentor", "mentor_id", "authors", "id", "set null") + ")",
                "create table posts (id int primary key, author_id int, editor_id int, "
                        + fk("fk_author", "author_id", "authors", "id", "cascade") + ", "
                        + fk("fk_editor", "editor_id", "authors", "id", "set null") + ")",
                "create table comments (id int primary key, post_id int, "
                        + fk("fk_post", "post_id", "posts", "id", "cascade") + ")",
                "create table likes (id int primary key, author_id int, "
                        + fk("fk_like", "author_id", "authors", "id", "restrict") + ")",
                insert("authors", "1, null", "2, 1", "3, 2"),
                insert("posts", "10, 1, 2", "11, 1, null", "12, 2, 1", "13, 3, 3"),
                insert("comments", "100, 10", "101, 12"),
                insert("likes", "1000, 1", "1001, 3"));
    }

    /** Rows of each table whose referencing columns point at no author (or post), measured on the server. */
    private static Map<String, Long> dangling(Connection c) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        m.put("authors", count(c, "select count(*) from authors x where x.mentor_id is not null "
                + "and not exists (select 1 from authors a where a.id = x.mentor_id)"));
        m.put("posts", count(c, "select count(*) from posts x where (x.author_id is not null and not exists "
                + "(select 1 from authors a where a.id = x.author_id)) or (x.editor_id is not null and not exists "
                + "(select 1 from authors a where a.id = x.editor_id))"));
        m.put("comments", count(c, "select count(*) from comments x where not exists "
                + "(select 1 from posts p where p.id = x.post_id)"));
        m.put("likes", count(c, "select count(*) from likes x where not exists "
                + "(select 1 from authors a where a.id = x.author_id)"));
        return m;
    }

    private static Map<String, Long> rows(Connection c) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        for (String t : TABLES) {
            m.put(t, count(c, "select count(*) from " + t));
        }
        return m;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> predicted(CascadeReport report, EffectAction action) {
        Map<String, Long> m = new TreeMap<>();
        for (TableEffect e : report.effects()) {
            if (e.action() == action) {
                assertThat(e.exact()).as("%s %s exact", e.table(), action).isTrue();
                m.merge(e.table().toLowerCase(Locale.ROOT), e.rows(), Long::sum);
            }
        }
        return m;
    }

    private static Connection guarded(TestDb db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.mode", "off");
        return DriverManager.getConnection(db.guardUrl(), p);
    }

    private static String switchOff(TestDatabase kind) {
        return kind == TestDatabase.SQLITE ? "PRAGMA foreign_keys = OFF" : "SET FOREIGN_KEY_CHECKS = 0";
    }

    /** Switched off: the report's deletes and orphans are what the server then does, table by table. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE", "MARIADB"})
    void switchedOffTheReportCountsTheRowsLeftPointingAtNothing(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db);
            s.execute(switchOff(kind));
            CascadeReport report = c.unwrap(GuardConnection.class).preview(DELETE_AUTHOR_1).reports().get(0);
            Map<String, Long> rowsBefore = rows(c);
            assertThat(dangling(c)).as("fixture: nothing dangles before").containsOnly(
                    Map.entry("authors", 0L), Map.entry("posts", 0L), Map.entry("comments", 0L), Map.entry("likes", 0L));

            assertThat(s.executeUpdate(DELETE_AUTHOR_1)).isEqualTo(1);

            Map<String, Long> rowsAfter = rows(c);
            Map<String, Long> deleted = new TreeMap<>();
            rowsBefore.forEach((t, n) -> {
                if (n - rowsAfter.get(t) > 0) {
                    deleted.put(t, n - rowsAfter.get(t));
                }
            });
            Map<String, Long> left = new TreeMap<>(dangling(c));
            left.values().removeIf(n -> n == 0);
            // what the server did: one author gone, nothing cascaded, nothing set to NULL, nothing refused
            assertThat(deleted).isEqualTo(Map.of("authors", 1L));
            assertThat(left).isEqualTo(Map.of("authors", 1L, "posts", 3L, "likes", 1L));
            assertThat(count(c, "select count(*) from posts where editor_id is null")).isEqualTo(1);
            // what the guard said
            assertThat(predicted(report, EffectAction.DELETE)).isEqualTo(deleted);
            assertThat(predicted(report, EffectAction.ORPHAN)).isEqualTo(left);
            assertThat(report.effects()).extracting(TableEffect::action)
                    .containsOnly(EffectAction.DELETE, EffectAction.ORPHAN);
            assertThat(report.wouldFail()).isFalse();
            assertThat(report.totalRows()).isEqualTo(1);
            assertThat(report.orphanRows()).isEqualTo(5);
            assertThat(report.foreignKeyChecks()).isEqualTo(kind == TestDatabase.SQLITE
                    ? ForeignKeyChecks.SQLITE_OFF : ForeignKeyChecks.OFF);
            assertThat(report.notes()).contains(
                    "foreign keys are off on this connection: 3 rows in posts will point at missing rows in authors",
                    "foreign keys are off on this connection: 1 row in likes will point at a missing row in authors",
                    "foreign keys are off on this connection: 1 row in authors will point at a missing row in authors");
        }
    }

    /** Switched off, a delete nothing references: no orphan, and the report says so. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE", "MARIADB"})
    void switchedOffADeleteNothingReferencesLeavesNoOrphan(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db);
            s.execute(switchOff(kind));
            CascadeReport report = c.unwrap(GuardConnection.class)
                    .preview("DELETE FROM authors WHERE id = 3 OR id = 2").reports().get(0);
            // authors 2 and 3 are referenced by posts 10, 12, 13, author 3 and like 1001, but author 3's own mentor
            // reference goes with it: only rows that survive count
            assertThat(s.executeUpdate("DELETE FROM authors WHERE id = 3 OR id = 2")).isEqualTo(2);
            Map<String, Long> left = new TreeMap<>(dangling(c));
            left.values().removeIf(n -> n == 0);
            assertThat(left).isEqualTo(Map.of("posts", 3L, "likes", 1L));
            assertThat(predicted(report, EffectAction.ORPHAN)).isEqualTo(left);

            CascadeReport none = c.unwrap(GuardConnection.class).preview("DELETE FROM comments WHERE id = 100")
                    .reports().get(0);
            assertThat(none.orphanRows()).isZero();
            assertThat(none.notes()).contains("foreign keys are off on this connection: nothing cascades, nothing is "
                    + "refused, and no row is left pointing at a deleted one");
        }
    }

    /** Switched on: the usual oracle, and no ORPHAN effect. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE", "MARIADB"})
    void switchedOnTheCascadeHappensAsPredicted(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db);
            try (Oracle oracle = Oracle.open(db, TABLES)) {
                Oracle.Outcome o = oracle.check("DELETE FROM authors WHERE id = 2");
                assertThat((Object) o.failure()).isNull();
                assertThat(o.real("posts", EffectAction.DELETE)).isEqualTo(1);
                assertThat(o.real("comments", EffectAction.DELETE)).isEqualTo(1);
                assertThat(o.real("posts", EffectAction.SET_NULL)).isEqualTo(1);
                assertThat(o.real("authors", EffectAction.SET_NULL)).isEqualTo(1);
                assertThat(o.report().foreignKeyChecks()).isEqualTo(ForeignKeyChecks.ON);
                assertThat(o.report().orphanRows()).isZero();
                Oracle.Outcome refused = oracle.check(DELETE_AUTHOR_1);
                assertThat((Object) refused.failure()).as("likes 1000 is RESTRICT").isNotNull();
            }
        }
    }

    /**
     * MariaDB: the guard keeps the switch as last read and every count confirms it in its own round trip, so a
     * {@code SET FOREIGN_KEY_CHECKS} it did not plan for (here, both ways) still gives the right prediction.
     */
    @Test
    void mariaDbFollowsTheSwitchBothWays() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db);
            GuardConnection guard = c.unwrap(GuardConnection.class);
            String sql = "DELETE FROM authors WHERE id = 2";
            assertThat(guard.preview(sql).reports().get(0).foreignKeyChecks()).isEqualTo(ForeignKeyChecks.ON);
            s.execute("SET SESSION foreign_key_checks = 0");
            CascadeReport off = guard.preview(sql).reports().get(0);
            assertThat(off.foreignKeyChecks()).isEqualTo(ForeignKeyChecks.OFF);
            assertThat(predicted(off, EffectAction.ORPHAN)).isEqualTo(Map.of("authors", 1L, "posts", 2L));
            s.execute("SET @@foreign_key_checks = 1");
            CascadeReport on = guard.preview(sql).reports().get(0);
            assertThat(on.foreignKeyChecks()).isEqualTo(ForeignKeyChecks.ON);
            assertThat(predicted(on, EffectAction.DELETE)).isEqualTo(Map.of("authors", 1L, "posts", 1L,
                    "comments", 1L));
            assertThat(List.of(count(c, "select @@foreign_key_checks"))).containsExactly(1L);
        }
    }

    /**
     * Switched off, DROP TABLE of a referenced table succeeds (SQLite runs no implicit DELETE, MariaDB refuses
     * nothing) and leaves every row that referenced one of its rows in place, pointing at a table that is gone.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"SQLITE", "MARIADB"})
    void switchedOffDropTableLeavesEveryReferenceDangling(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db);
            s.execute(switchOff(kind));
            CascadeReport report = c.unwrap(GuardConnection.class).preview("DROP TABLE authors").reports().get(0);
            // every post references an author (as author or editor), both likes do; authors' own rows go with it
            long posts = count(c, "select count(*) from posts x where exists (select 1 from authors a "
                    + "where a.id = x.author_id or a.id = x.editor_id)");
            long likes = count(c, "select count(*) from likes x where exists (select 1 from authors a "
                    + "where a.id = x.author_id)");

            s.execute("DROP TABLE authors");

            assertThat(count(c, "select count(*) from posts")).isEqualTo(posts);
            assertThat(count(c, "select count(*) from likes")).isEqualTo(likes);
            assertThat(Map.of("posts", posts, "likes", likes)).isEqualTo(Map.of("posts", 4L, "likes", 2L));
            assertThat(predicted(report, EffectAction.ORPHAN)).isEqualTo(Map.of("posts", posts, "likes", likes));
            assertThat(predicted(report, EffectAction.DELETE)).isEqualTo(Map.of("authors", 3L));
            assertThat(report.wouldFail()).isFalse();
            assertThat(report.notes()).contains(
                    "foreign keys are off on this connection: 4 rows in posts will point at missing rows in authors");
        }
    }

    /** MariaDB: with the checks off a TRUNCATE of a referenced table succeeds and leaves the references dangling. */
    @Test
    void mariaDbTruncateWithChecksOff() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db);
            GuardConnection guard = c.unwrap(GuardConnection.class);
            CascadeReport on = guard.preview("TRUNCATE TABLE authors").reports().get(0);
            assertThat(on.wouldFail()).as("checks on: error 1701").isTrue();
            s.execute("SET FOREIGN_KEY_CHECKS = 0");
            CascadeReport off = guard.preview("TRUNCATE TABLE authors").reports().get(0);

            s.execute("TRUNCATE TABLE authors");

            Map<String, Long> left = new TreeMap<>(dangling(c));
            left.values().removeIf(n -> n == 0);
            assertThat(left).isEqualTo(Map.of("posts", 4L, "likes", 2L));
            assertThat(predicted(off, EffectAction.ORPHAN)).isEqualTo(left);
            assertThat(predicted(off, EffectAction.DELETE)).isEqualTo(Map.of("authors", 3L));
            assertThat(off.wouldFail()).isFalse();
            assertThat(count(c, "select count(*) from authors")).isZero();
        }
    }
}

package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.driver.testdb.TestDatabase.H2;
import static dev.cascadeguard.driver.testdb.TestDatabase.MARIADB;
import static dev.cascadeguard.driver.testdb.TestDatabase.POSTGRES;
import static dev.cascadeguard.driver.testdb.TestDatabase.SQLITE;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DELETE through a view: where the database deletes the base table's rows by its own rules (PostgreSQL's
 * automatically updatable views, MariaDB's updatable MERGE views) the guard's prediction must equal the rows really
 * removed, cascade and SET NULL below the base table included; where a trigger, a rule or a refusal decides (INSTEAD
 * OF triggers, DO INSTEAD rules, H2 and SQLite views), the statement fails closed with the reason, rows intact.
 */
class ViewDeleteOracleTest {

    private static final String[] TABLES = {"orgs", "users", "posts", "notes"};

    /**
     * orgs 1..6 (odd ones active, named o1..o6); users 3 per org (cascade); posts 2 per user (cascade); notes one per
     * org (SET NULL). Views: active_orgs shows the key renamed (org_id) with its own WHERE; named_orgs is a view over
     * it with a WHERE of its own.
     */
    private static TestDb shop(TestDatabase kind) throws Exception {
        TestDb db = kind.create();
        db.execute("create table orgs (id int primary key, name varchar(10), active int)",
                "create table users (id int primary key, org_id int, "
                        + fk("fk_users_org", "org_id", "orgs", "id", "cascade") + ")",
                "create table posts (id int primary key, user_id int, "
                        + fk("fk_posts_user", "user_id", "users", "id", "cascade") + ")",
                "create table notes (id int primary key, org_id int, "
                        + fk("fk_notes_org", "org_id", "orgs", "id", "set null") + ")");
        List<String> orgs = Sql.list(), users = Sql.list(), posts = Sql.list(), notes = Sql.list();
        for (int o = 1; o <= 6; o++) {
            orgs.add(o + ", 'o" + o + "', " + (o % 2));
            notes.add(o + ", " + o);
            for (int u = 0; u < 3; u++) {
                int user = o * 10 + u;
                users.add(user + ", " + o);
                posts.add(user * 10 + ", " + user);
                posts.add(user * 10 + 1 + ", " + user);
            }
        }
        db.execute(insert("orgs", orgs), insert("users", users), insert("posts", posts), insert("notes", notes));
        if (kind == POSTGRES || kind == MARIADB) {
            db.execute("create view active_orgs as select id as org_id, name from orgs where active = 1",
                    "create view named_orgs as select org_id, name from active_orgs where name <> 'o3'");
        }
        return db;
    }


    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aViewWithARenamedKeyAndItsOwnWhereDeletesItsBaseRowsAndTheirCascade(TestDatabase kind) throws Exception {
        try (TestDb db = shop(kind); Oracle oracle = Oracle.open(db, TABLES)) {
            // org 2 matches the statement's WHERE but not the view's: it stays
            Oracle.Outcome o = oracle.check("DELETE FROM active_orgs WHERE org_id <= ?", 3);
            Oracle.expectReal(o, "orgs", DELETE, 2);
            Oracle.expectReal(o, "users", DELETE, 6);
            Oracle.expectReal(o, "posts", DELETE, 12);
            Oracle.expectReal(o, "notes", SET_NULL, 2);
            assertThat(o.report().target()).as(o.describe()).isEqualToIgnoringCase("orgs");
            assertThat(o.report().hasWhere()).isTrue();
            assertThat(o.report().notes()).anyMatch(n -> n.contains("through the view active_orgs"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aViewOverAViewAppliesBothWheres(TestDatabase kind) throws Exception {
        try (TestDb db = shop(kind); Oracle oracle = Oracle.open(db, TABLES)) {
            Oracle.Outcome o = oracle.check("DELETE FROM named_orgs WHERE name IN ('o1', 'o2', 'o3', 'o5')");
            Oracle.expectReal(o, "orgs", DELETE, 2); // o2 is inactive, o3 is left out by named_orgs
            Oracle.expectReal(o, "posts", DELETE, 12);
            assertThat(o.report().notes()).anyMatch(n -> n.contains("named_orgs → active_orgs"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aDeleteWithoutWhereThroughAViewIsCountedAndStillHasNoWhere(TestDatabase kind) throws Exception {
        try (TestDb db = shop(kind); Oracle oracle = Oracle.open(db, TABLES)) {
            Oracle.Outcome o = oracle.check("DELETE FROM active_orgs");
            Oracle.expectReal(o, "orgs", DELETE, 3);
            Oracle.expectReal(o, "users", DELETE, 9);
            assertThat(o.report().hasWhere()).isFalse();
        }
        try (TestDb db = shop(kind); Connection c = db.guarded(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM active_orgs"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG001"));
            assertThat(db.count("orgs")).isEqualTo(6);
        }
    }

    @Test
    void aViewAliasedAndJoinedWithUsingOnPostgres() throws Exception {
        try (TestDb db = shop(POSTGRES); Oracle oracle = Oracle.open(db, TABLES)) {
            Oracle.Outcome o = oracle.check("DELETE FROM active_orgs a USING users u "
                    + "WHERE u.org_id = a.org_id AND u.id IN (10, 11, 20, 50)");
            Oracle.expectReal(o, "orgs", DELETE, 2); // 1 (two matching users, one row) and 5; 2 is not in the view
            Oracle.expectReal(o, "users", DELETE, 6);
        }
    }

    @Test
    void aSecurityBarrierViewWithCheckOptionOnPostgres() throws Exception {
        try (TestDb db = shop(POSTGRES); Oracle oracle = Oracle.open(db, TABLES)) {
            db.execute("create view barred with (security_barrier) as select name as label, id from orgs "
                    + "where id > 2 with check option");
            oracle.refreshMetadata();
            Oracle.Outcome o = oracle.check("DELETE FROM barred WHERE label <> 'o6'");
            Oracle.expectReal(o, "orgs", DELETE, 3);
            Oracle.expectReal(o, "notes", SET_NULL, 3);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aViewOverATableNewerThanTheCachedGraphIsFoundAfterOneReload(TestDatabase kind) throws Exception {
        try (TestDb db = shop(kind); Oracle oracle = Oracle.open(db, TABLES)) {
            oracle.check("DELETE FROM active_orgs WHERE org_id = 1"); // the graph is cached now
            // another connection creates a table and a view over it: the cached graph knows neither
            db.execute("create table teams (id int primary key, org_id int, "
                            + fk("fk_teams_org", "org_id", "orgs", "id", "cascade") + ")",
                    "create table members (id int primary key, team_id int, "
                            + fk("fk_members_team", "team_id", "teams", "id", "cascade") + ")",
                    insert("teams", "1, 1", "2, 1", "3, 2"), insert("members", "1, 1", "2, 1", "3, 2", "4, 3"),
                    "create view big_teams as select id as team, org_id from teams where id < 3");
            try (Oracle fresh = Oracle.open(db, "orgs", "teams", "members")) {
                Oracle.Outcome o = fresh.check("DELETE FROM big_teams WHERE org_id = 1");
                Oracle.expectReal(o, "teams", DELETE, 2);
                Oracle.expectReal(o, "members", DELETE, 3);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void overConfirmAboveTheCascadeThroughAViewIsStoppedAndBelowItRuns(TestDatabase kind) throws Exception {
        try (TestDb db = shop(kind)) {
            try (Connection c = db.guarded("guard.confirmAbove", "11"); Statement s = c.createStatement()) {
                // 1 org + 3 users + 6 posts deleted, 1 note set to NULL = 11 rows: at the threshold, runs
                assertThat(s.executeUpdate("DELETE FROM active_orgs WHERE org_id = 1")).isEqualTo(1);
                // twice that: over it. Org 3's rows alone are under it, so the cascade is what stops it
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM active_orgs WHERE org_id IN (3, 5)"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG001"))
                        .hasMessageContaining("total: 22 rows");
            }
            assertThat(db.count("orgs")).isEqualTo(5);
            assertThat(db.count("users")).isEqualTo(15);
            assertThat(db.count("posts")).isEqualTo(30);
        }
    }

    @Test
    void throughMySqlConnectorJTheSame() throws Exception {
        TestDatabase.throughMySqlConnectorJ(() -> {
            try (TestDb db = shop(MARIADB); Oracle oracle = Oracle.open(db, TABLES)) {
                Oracle.Outcome o = oracle.check("DELETE FROM named_orgs WHERE org_id < ?", 6);
                Oracle.expectReal(o, "orgs", DELETE, 2);
                Oracle.expectReal(o, "notes", SET_NULL, 2);
            }
        });
    }

    @Test
    void aBatchOfDeletesThroughAViewIsDecidedOnTheirSum() throws Exception {
        try (TestDb db = shop(POSTGRES)) {
            try (Connection c = db.guarded("guard.confirmAbove", "11"); Statement s = c.createStatement()) {
                s.addBatch("DELETE FROM active_orgs WHERE org_id = 1");
                s.addBatch("DELETE FROM active_orgs WHERE org_id = 3");
                assertThatThrownBy(s::executeBatch)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG001"));
            }
            assertThat(db.count("orgs")).isEqualTo(6);
        }
    }

    @Test
    void onEstimateErrorAllowLetsAViewItCannotPredictRun() throws Exception {
        try (TestDb db = shop(SQLITE)) {
            db.execute("create view trig_orgs as select id, name from orgs",
                    "create trigger trig_orgs_delete instead of delete on trig_orgs begin "
                            + "delete from orgs where id = old.id; end");
            try (Connection c = db.guarded("guard.onEstimateError", "ALLOW"); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM trig_orgs WHERE id = 1");
            }
            assertThat(db.count("orgs")).isEqualTo(5);
            assertThat(db.count("users")).isEqualTo(15); // the trigger's delete cascaded
        }
    }

    @Test
    void postgresViewsWhoseDeleteIsCodeOrRefusedFailClosed() throws Exception {
        try (TestDb db = shop(POSTGRES)) {
            db.execute("create view trig_orgs as select id, name from orgs",
                    "create function trig_orgs_delete() returns trigger language plpgsql as "
                            + "$$ begin delete from users where org_id = old.id; return old; end $$",
                    "create trigger trig_orgs_instead instead of delete on trig_orgs for each row "
                            + "execute function trig_orgs_delete()",
                    "create view ruled_orgs as select id, name from orgs",
                    "create rule ruled_orgs_delete as on delete to ruled_orgs do instead "
                            + "delete from posts where id = old.id",
                    "create view joined as select o.id, u.id as user_id from orgs o join users u on u.org_id = o.id",
                    "create view computed as select id + 0 as id, name from orgs");
            expectFailsClosed(db, "DELETE FROM trig_orgs WHERE id = 1", "INSTEAD OF DELETE trigger");
            expectFailsClosed(db, "DELETE FROM ruled_orgs WHERE id = 1", "rule ON DELETE");
            expectFailsClosed(db, "DELETE FROM joined WHERE id = 1", "not automatically updatable");
            // PostgreSQL deletes through it (the key is an expression, the view is still updatable): the guard
            // cannot map the key back
            expectFailsClosed(db, "DELETE FROM computed WHERE id = 1", "does not show the key column id");
            // a view over the trigger's view is deleted through by the trigger too
            db.execute("create view over_trig as select id, name from trig_orgs");
            expectFailsClosed(db, "DELETE FROM over_trig WHERE id = 1", "INSTEAD OF DELETE trigger");
        }
    }

    @Test
    void mariaDbViewsItCannotDeleteThroughFailClosed() throws Exception {
        try (TestDb db = shop(MARIADB)) {
            db.execute("create algorithm = temptable view temp_orgs as select id, name from orgs",
                    "create view counted as select max(id) as id from orgs");
            expectFailsClosed(db, "DELETE FROM temp_orgs WHERE id = 1", "not updatable");
            expectFailsClosed(db, "DELETE FROM counted", "not updatable");
            expectFailsClosed(db, "DELETE FROM active_orgs ORDER BY org_id LIMIT 1", "ORDER BY / LIMIT");
        }
    }

    @Test
    void sqliteViewsAreDeletedThroughOnlyByTriggersAndFailClosed() throws Exception {
        try (TestDb db = shop(SQLITE)) {
            db.execute("create view all_orgs as select id, name from orgs",
                    "create view trig_orgs as select id, name from orgs",
                    "create trigger trig_orgs_delete instead of delete on trig_orgs begin "
                            + "delete from orgs where id = old.id; end");
            expectFailsClosed(db, "DELETE FROM trig_orgs WHERE id = 1", "INSTEAD OF DELETE trigger");
            expectFailsClosed(db, "DELETE FROM all_orgs WHERE id = 1", "read-only");
        }
    }

    @Test
    void h2RefusesDeletesThroughViewsAndTheGuardSaysSo() throws Exception {
        try (TestDb db = shop(H2)) {
            db.execute("create view all_orgs as select id, name from orgs");
            // measured: H2 2.3.232 answers HYC00 "Feature not supported: TableView.removeRow"
            assertThatThrownBy(() -> db.execute("delete from all_orgs where id = 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYC00"));
            expectFailsClosed(db, "DELETE FROM all_orgs WHERE id = 1", "only by an INSTEAD OF trigger");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void dropViewDestroysNoRows(TestDatabase kind) throws Exception {
        try (TestDb db = shop(kind); Connection c = db.guarded("guard.confirmAbove", "0")) {
            GuardReport preview = c.unwrap(GuardConnection.class).preview("DROP VIEW named_orgs");
            assertThat(preview.assessments()).allMatch(a -> a instanceof Assessment.Estimated);
            assertThat(preview.decision().totalRows()).isZero();
            try (Statement s = c.createStatement()) {
                s.execute("DROP VIEW named_orgs");
            }
            assertThat(db.count("orgs")).isEqualTo(6);
        }
    }

    /** The guard refuses {@code sql} (XG003) naming {@code reason}, and no row of any table is gone. */
    private static void expectFailsClosed(TestDb db, String sql, String reason) throws SQLException {
        try (Connection c = db.guarded(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate(sql))
                    .as(sql)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG003"))
                    .hasMessageContaining(reason);
        }
        assertThat(List.of(db.count("orgs"), db.count("users"), db.count("posts"))).as(sql)
                .containsExactly(6L, 18L, 36L);
    }
}

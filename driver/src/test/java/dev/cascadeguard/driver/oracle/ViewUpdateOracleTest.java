package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.StatementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static dev.cascadeguard.report.EffectAction.UPDATE;
import static dev.cascadeguard.report.EffectAction.UPDATE_CASCADE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * UPDATE through a view of a column that shows a referenced key: where the database updates the base table by its
 * own rules (PostgreSQL auto-updatable views, MariaDB MERGE views) the prediction equals the rows really changed,
 * through renamed columns and the view's own WHERE; where a trigger or a refusal decides (INSTEAD OF triggers, H2
 * and SQLite views) it fails closed with the reason, rows intact.
 */
class ViewUpdateOracleTest {

    private static final Map<String, String> WATCHED = Map.of("p", "code", "c", "pc", "n", "pc");

    /** p(code) referenced by c (ON UPDATE CASCADE) and n (SET NULL); the view pv renames both columns, shows id <= 2. */
    private static TestDb schema(TestDatabase kind) throws Exception {
        TestDb db = kind.create();
        db.execute("create table p (id int primary key, code varchar(10) not null, name varchar(20), "
                        + "constraint p_code unique (code))",
                "create table c (id int primary key, pc varchar(10), constraint c_fk foreign key (pc) "
                        + "references p (code) on update cascade)",
                "create table n (id int primary key, pc varchar(10), constraint n_fk foreign key (pc) "
                        + "references p (code) on update set null)",
                "insert into p values (1, 'a', 'one'), (2, 'b', 'two'), (3, 'z', 'zed')",
                "insert into c values (10, 'a'), (11, 'a'), (12, 'b'), (13, 'z')",
                "insert into n values (20, 'a'), (21, 'z')",
                "create view pv as select id as pid, code as pcode, name from p where id <= 2");
        return db;
    }


    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aRenamedKeyColumnUpdatedThroughAViewIsCountedOnTheBaseTable(TestDatabase kind) throws Exception {
        try (TestDb db = schema(kind)) {
            UpdateOutcome o = UpdateOutcome.run(db, WATCHED, "update pv set pcode = ? where pid = ?", "x", 1);
            assertThat((Object) o.failure()).isNull();
            assertThat(o.report().kind()).isEqualTo(StatementKind.UPDATE);
            assertThat(o.report().target()).isEqualToIgnoringCase("p");
            assertThat(o.report().notes()).anyMatch(n -> n.contains("through the view pv"));
            assertThat(o.predicted("p", UPDATE)).isEqualTo(o.real("p", UPDATE)).isEqualTo(1);
            assertThat(o.predicted("c", UPDATE_CASCADE)).isEqualTo(o.real("c", UPDATE)).isEqualTo(2);
            assertThat(o.predicted("n", SET_NULL)).isEqualTo(o.real("n", SET_NULL)).isEqualTo(1);
        }
    }

    /** Row 3 matches the statement's WHERE but not the view's: the database leaves it, and so does the count. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void theViewsOwnWhereIsApplied(TestDatabase kind) throws Exception {
        try (TestDb db = schema(kind)) {
            UpdateOutcome o = UpdateOutcome.run(db, WATCHED, "update pv set pcode = 'q' where pid >= 2");
            assertThat((Object) o.failure()).isNull();
            assertThat(o.predicted("p", UPDATE)).isEqualTo(o.real("p", UPDATE)).isEqualTo(1);
            assertThat(o.predicted("c", UPDATE_CASCADE)).isEqualTo(o.real("c", UPDATE)).isEqualTo(1);
            assertThat(o.predicted("n", SET_NULL)).isEqualTo(o.real("n", SET_NULL)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void overTheThresholdItStopsAndANonKeyUpdateThroughTheViewRuns(TestDatabase kind) throws Exception {
        try (TestDb db = schema(kind)) {
            try (Connection c = db.guarded("guard.confirmAbove", "2"); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.executeUpdate("update pv set pcode = 'x' where pid = 1"),
                        SQLException.class);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG001");
                assertThat(e.getMessage()).contains("through the view pv");
                assertThat(s.executeUpdate("update pv set name = 'renamed' where pid = 1")).isEqualTo(1);
            }
            assertThat(db.count("c where pc = 'a'")).isEqualTo(2);
            assertThat(db.count("p where name = 'renamed'")).isEqualTo(1);
        }
    }

    @Test
    void anInsteadOfUpdateTriggerOnPostgresFailsClosed() throws Exception {
        try (TestDb db = schema(TestDatabase.POSTGRES)) {
            db.execute("create view pt as select id, code, name from p",
                    "create function pt_upd() returns trigger language plpgsql as $$ begin "
                            + "update p set code = new.code where id = old.id; return new; end $$",
                    "create trigger pt_upd instead of update on pt for each row execute function pt_upd()");
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.executeUpdate("update pt set code = 'x' where id = 1"),
                        SQLException.class);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).isEqualTo("XG003");
                assertThat(e.getMessage()).contains("INSTEAD OF UPDATE trigger");
            }
            assertThat(db.count("c where pc = 'a'")).isEqualTo(2);
        }
    }

    /** H2 and SQLite update through a view only by an INSTEAD OF trigger's code: not predicted. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE"})
    void h2AndSqliteViewsAreNotPredicted(TestDatabase kind) throws Exception {
        try (TestDb db = schema(kind)) {
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.executeUpdate("update pv set pcode = 'x' where pid = 1"),
                        SQLException.class);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG003");
                assertThat(e.getMessage()).contains("not predicted").contains("only by an INSTEAD OF trigger");
            }
            assertThat(db.count("c where pc = 'a'")).isEqualTo(2);
        }
    }
}

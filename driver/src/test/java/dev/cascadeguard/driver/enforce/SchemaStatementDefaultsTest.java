package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.RuleAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With default settings the guard judges schema statements by the rows they destroy: a DROP or TRUNCATE of an
 * empty or missing table, and every DROP of something that holds no rows, runs; a populated table's DROP is
 * decided by the same thresholds as a DELETE of its rows. Checked on each database, rows counted afterwards.
 */
class SchemaStatementDefaultsTest {

    /** parent 1..n, child 1..n each referencing parent 1 (ON DELETE CASCADE), an empty table, a view. */
    private static void schema(TestDb db, int rows) throws SQLException {
        db.execute("create table parent (id int primary key, note varchar(20))",
                "create table child (id int primary key, parent_id int references parent (id) on delete cascade)",
                "create table empty_one (id int primary key)",
                "create view parent_v as select id from parent");
        StringBuilder parents = new StringBuilder();
        StringBuilder children = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            parents.append(i == 1 ? "" : ",").append('(').append(i).append(", ").append(i % 2 == 0 ? "'n'" : "null")
                    .append(')');
            children.append(i == 1 ? "" : ",").append('(').append(i).append(", 1)");
        }
        if (rows > 0) {
            db.execute("insert into parent values " + parents, "insert into child values " + children);
        }
    }

    private static Connection guarded(TestDb db) throws SQLException {
        return DriverManager.getConnection(db.guardUrl());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void dropsOfEmptyMissingAndRowlessObjectsRun(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db, 3);
            s.execute("drop view parent_v");
            s.execute("drop table if exists no_such_table");
            s.execute("drop table empty_one");
            s.execute("create index parent_note on parent (note)");
            s.execute(kind == TestDatabase.MARIADB ? "drop index parent_note on parent" : "drop index parent_note");
            if (kind == TestDatabase.H2) {
                s.execute("drop table no_such_table if exists"); // H2's suffix form, as schema.sql files write it
            }

            assertThat(db.count("parent")).isEqualTo(3);
            assertThat(db.count("child")).isEqualTo(3);
            assertThat(tableExists(db, "empty_one")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void aSmallTablesDropRunsAndAPopulatedOnesIsDecidedByItsRows(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db, 1200);
            s.execute("drop view parent_v");

            ConfirmationRequiredException stopped = catchThrowableOfType(
                    () -> s.execute(kind == TestDatabase.MARIADB ? "drop table child" : "drop table child cascade"),
                    ConfirmationRequiredException.class);

            assertThat((Throwable) stopped).isNotNull();
            assertThat(stopped.getSQLState()).isEqualTo("XG001");
            assertThat(stopped.getMessage()).contains("1,200 rows > guard.confirmAbove (1,000)");
            assertThat(db.count("child")).isEqualTo(1200);

            db.execute("delete from child where id > 50");
            s.execute(kind == TestDatabase.MARIADB ? "drop table child" : "drop table child cascade");
            assertThat(tableExists(db, "child")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deleteWithoutWhereOnAnEmptyTableRunsAndOnRowsNeedsConfirmation(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db, 2);
            s.execute("delete from empty_one");

            ConfirmationRequiredException stopped = catchThrowableOfType(() -> s.execute("delete from child"),
                    ConfirmationRequiredException.class);

            assertThat(stopped.getMessage()).contains("guard.deleteWithoutWhere = CONFIRM");
            assertThat(db.count("child")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void droppedColumnCountsTheRowsThatHoldAValue(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = guarded(db)) {
            schema(db, 1500);
            db.execute("drop view parent_v"); // SQLite and MariaDB refuse to drop a column a view uses

            GuardReport preview = c.unwrap(GuardConnection.class).preview("alter table parent drop column note");

            assertThat(preview.reports()).singleElement().satisfies(r -> {
                assertThat(r.effects()).singleElement().satisfies(e -> {
                    assertThat(e.action()).isEqualTo(EffectAction.DROP_COLUMN);
                    assertThat(e.rows()).isEqualTo(750); // every second row holds a value
                });
            });
            assertThat(preview.decision().action()).isEqualTo(RuleAction.LOG);
            try (Statement s = c.createStatement()) {
                s.execute("alter table parent drop column note");
            }
            assertThat(db.count("parent")).isEqualTo(1500);
        }
    }

    @Test
    void dropColumnIfExistsMatchesNamesAsThePostgresFoldsThem() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = guarded(db)) {
            db.execute("create table t (id int primary key, \"Mixed\" int, \"a\"\"b\" int)",
                    "insert into t select g, g, g from generate_series(1, 1200) g");
            GuardConnection guard = c.unwrap(GuardConnection.class);

            GuardReport unquoted = guard.preview("alter table t drop column if exists mixed");
            GuardReport doubledQuote = guard.preview("alter table t drop column if exists \"a\"\"b\"");

            assertThat(unquoted.decision().action()).isEqualTo(RuleAction.ALLOW); // PostgreSQL drops nothing
            assertThat(unquoted.reports().get(0).notes()).containsExactly("nothing to count: the table has no such column");
            assertThat(doubledQuote.decision().totalRows()).isEqualTo(1200);
            assertThat(doubledQuote.decision().action()).isEqualTo(RuleAction.CONFIRM);
        }
    }

    @Test
    void postgresDropTypeCascadeCountsTheColumnsItTakes() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = guarded(db)) {
            db.execute("create type mood as enum ('calm', 'angry')",
                    "create table person (id int primary key, feeling mood, history mood[])",
                    "insert into person select g, case when g % 3 = 0 then null else 'calm'::mood end, null "
                            + "from generate_series(1, 1800) g");

            ConfirmationRequiredException stopped;
            try (Statement s = c.createStatement()) {
                stopped = catchThrowableOfType(() -> s.execute("drop type mood cascade"),
                        ConfirmationRequiredException.class);
            }

            assertThat((Throwable) stopped).isNotNull();
            assertThat(stopped.report().reports()).singleElement().satisfies(r ->
                    assertThat(r.effects()).singleElement().satisfies(e -> {
                        assertThat(e.table()).isEqualTo("person");
                        assertThat(e.action()).isEqualTo(EffectAction.DROP_COLUMN);
                        assertThat(e.rows()).isEqualTo(1200); // the rows holding a value in either column
                    }));
            assertThat(columnCount(db, "person")).isEqualTo(3);

            db.execute("update person set feeling = null where id > 100");
            try (Statement s = c.createStatement()) {
                s.execute("drop type mood cascade");
            }
            assertThat(columnCount(db, "person")).isEqualTo(1);
            assertThat(db.count("person")).isEqualTo(1800);
        }
    }

    @Test
    void sqliteSequenceTableIsCountedNotRefused() throws Exception {
        // Flyway's clean() on SQLite ends with DELETE FROM sqlite_sequence, which is not a user table
        try (TestDb db = TestDatabase.SQLITE.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            db.execute("create table counter (id integer primary key autoincrement, n int)",
                    "insert into counter (n) values (1)", "delete from counter");

            GuardReport preview = c.unwrap(GuardConnection.class).preview("DELETE FROM sqlite_sequence");
            s.execute("DELETE FROM sqlite_sequence WHERE name = 'counter'");

            assertThat(preview.fullyCounted()).isTrue();
            assertThat(preview.decision().totalRows()).isEqualTo(1);
            assertThat(db.count("sqlite_sequence")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aPopulatedTemporaryTablesDropIsCountedLikeAnyOther(TestDatabase kind) throws Exception {
        String create = switch (kind) {
            case H2 -> "create local temporary table tmp (id int)";
            case SQLITE -> "create temp table tmp (id int)";
            // HSQLDB's CREATE TEMPORARY TABLE deletes its rows at every commit unless told otherwise
            case HSQLDB -> "create global temporary table tmp (id int) on commit preserve rows";
            default -> "create temporary table tmp (id int)";
        };
        try (TestDb db = kind.create(); Connection c = guarded(db); Statement s = c.createStatement()) {
            schema(db, 1200);
            s.execute(create);
            s.execute("insert into tmp select id from parent");

            ConfirmationRequiredException stopped = catchThrowableOfType(() -> s.execute("drop table tmp"),
                    ConfirmationRequiredException.class);

            assertThat((Throwable) stopped).isNotNull();
            assertThat(stopped.getMessage()).contains("1,200 rows");
            try (var rows = s.executeQuery("select count(*) from tmp")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1200);
            }
        }
    }

    @Test
    void sqliteDropInAnAttachedDatabaseFailsClosed() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create(); TestDb other = TestDatabase.SQLITE.create();
             Connection c = guarded(db); Statement s = c.createStatement()) {
            other.execute("create table big (id int)", "insert into big values (1), (2)");
            String file = other.jdbcUrl().substring("jdbc:sqlite:".length(), other.jdbcUrl().indexOf('?'));
            s.execute("attach database '" + file + "' as aux");

            SQLException e = catchThrowableOfType(() -> s.execute("drop table aux.big"), SQLException.class);

            assertThat(e.getSQLState()).isEqualTo("XG003");
            assertThat(other.count("big")).isEqualTo(2);
        }
    }

    @Test
    void mariadbCountsTablesOfOtherDatabasesAndAfterUse() throws Exception {
        // the MariaDB graph holds every database the user sees: a qualified name, DROP DATABASE and a pooled
        // connection's USE are all counted, and never pass as "no such table"
        try (TestDb db = TestDatabase.MARIADB.create(); TestDb other = TestDatabase.MARIADB.create();
             Connection c = guarded(db); Statement s = c.createStatement()) {
            other.execute("create table big (id int primary key)",
                    "insert into big select seq from seq_1_to_1200");
            String elsewhere = other.connection().getCatalog();

            ConfirmationRequiredException table = catchThrowableOfType(
                    () -> s.execute("drop table " + elsewhere + ".big"), ConfirmationRequiredException.class);
            ConfirmationRequiredException database = catchThrowableOfType(
                    () -> s.execute("drop database " + elsewhere), ConfirmationRequiredException.class);
            s.execute("use " + elsewhere);
            ConfirmationRequiredException afterUse = catchThrowableOfType(() -> s.execute("drop table big"),
                    ConfirmationRequiredException.class);

            assertThat(table.getMessage()).contains("1,200 rows");
            assertThat(database.getMessage()).contains("1,200 rows");
            assertThat(afterUse.getMessage()).contains("1,200 rows");
            assertThat(other.count("big")).isEqualTo(1200);
        }
    }

    @Test
    void mariadbDatabaseNamesCompareAsTheServerDoes() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create(); Connection c = guarded(db)) {
            db.execute("create table t (id int primary key)", "insert into t select seq from seq_1_to_1200");
            String name = db.connection().getCatalog();

            GuardReport sameCase = c.unwrap(GuardConnection.class).preview("drop database " + name);
            GuardReport otherCase = c.unwrap(GuardConnection.class).preview("drop database " + name.toUpperCase());

            assertThat(sameCase.decision().totalRows()).isEqualTo(1200);
            // lower_case_table_names = 0 here: T_... is another (absent) database
            assertThat(otherCase.decision().totalRows()).isZero();
        }
    }

    @Test
    void h2DropAllObjectsCountsEveryTable() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); Connection c = guarded(db)) {
            schema(db, 600);

            GuardReport preview = c.unwrap(GuardConnection.class).preview("DROP ALL OBJECTS");

            assertThat(preview.decision().totalRows()).isEqualTo(1200);
            assertThat(preview.decision().action()).isEqualTo(RuleAction.CONFIRM);
        }
    }

    @Test
    void nothingCountedIsNeverShownAsZeroRows() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); Connection c = guarded(db)) {
            schema(db, 1);

            GuardReport view = c.unwrap(GuardConnection.class).preview("drop view parent_v");
            GuardReport missing = c.unwrap(GuardConnection.class).preview("drop table if exists nope");

            assertThat(view.reports().get(0).notes()).containsExactly("nothing to count: a view holds no rows of its own");
            assertThat(missing.reports().get(0).notes()).containsExactly("no such table, nothing to drop: nope");
            assertThat(dev.cascadeguard.render.ReportText.render(view.reports().get(0)))
                    .contains("total: no rows destroyed").doesNotContain("0 rows");
        }
    }

    @Test
    void aStatementRunUncheckedIsAuditedAsNotCountedNeverAsZeroRows() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); SeedSchema.Audit audit = new SeedSchema.Audit();
             Connection c = DriverManager.getConnection(db.guardUrl(),
                     SeedSchema.props("guard.onEstimateError", "ALLOW"));
             Statement s = c.createStatement()) {
            schema(db, 3);

            SQLException databaseError = catchThrowableOfType(() -> s.execute("DELETE FROM parent WHERE (((("),
                    SQLException.class);

            assertThat(databaseError.getSQLState()).doesNotStartWith("XG"); // it ran: H2's own syntax error
            assertThat(audit.fields()).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("event", "logged")
                    .containsEntry("rows", "0")
                    .hasEntrySatisfying("notCounted", reason -> assertThat(reason).isNotBlank()));
            assertThat(audit.events().get(0).getFormattedMessage()).contains("not counted (")
                    .doesNotContain("0 rows");
            assertThat(db.count("parent")).isEqualTo(3);
        }
    }

    private static boolean tableExists(TestDb db, String table) {
        try {
            db.count(table);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static int columnCount(TestDb db, String table) throws SQLException {
        try (Statement s = db.connection().createStatement();
             var rs = s.executeQuery("select * from " + table + " where 1 = 0")) {
            return rs.getMetaData().getColumnCount();
        }
    }
}

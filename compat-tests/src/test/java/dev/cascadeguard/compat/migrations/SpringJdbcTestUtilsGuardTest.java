package dev.cascadeguard.compat.migrations;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.test.jdbc.JdbcTestUtils;

import java.sql.SQLException;

import static dev.cascadeguard.compat.migrations.GuardedDb.assertStopped;
import static dev.cascadeguard.compat.migrations.GuardedDb.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spring's JDBC test utilities over {@link GuardDataSource} with default settings: {@code JdbcTestUtils} cleanup
 * between tests and a {@code ResourceDatabasePopulator} schema script.
 */
class SpringJdbcTestUtilsGuardTest {

    private static void createTables(TestDb db) throws SQLException {
        db.execute("create table parent (id int primary key, name varchar(50))",
                "create table child (id int primary key,"
                        + " parent_id int not null references parent (id) on delete cascade)");
    }

    private static void seed(TestDb db, int parents, int children) throws SQLException {
        GuardedDb.insertRows(db.connection(), "parent", parents, null, null);
        GuardedDb.insertRows(db.connection(), "child", children, "parent_id", id -> (id - 1) % parents + 1);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void deleteFromTablesOverManyRowsIsStoppedAndRunsInsideAnAllowance(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            createTables(db);
            seed(db, 20, 1200);
            JdbcTemplate jdbc = new JdbcTemplate(GuardedDb.guarded(db));

            Throwable thrown = catchThrowable(() -> JdbcTestUtils.deleteFromTables(jdbc, "child", "parent"));

            assertThat(thrown).isInstanceOf(DataAccessException.class);
            assertStopped(thrown, "XG001", "CascadeGuard stopped this statement: it needs confirmation (XG001).",
                    "DELETE FROM child", "1,200 rows", "guard.confirmAbove");
            assertThat(db.count("parent")).isEqualTo(20);
            assertThat(db.count("child")).isEqualTo(1200);

            int deleted;
            try (var scope = CascadeGuard.allow(5_000, "test cleanup")) {
                deleted = JdbcTestUtils.deleteFromTables(jdbc, "child", "parent");
            }
            assertThat(deleted).isEqualTo(1220);
            assertThat(db.count("parent")).isZero();
            assertThat(db.count("child")).isZero();
        }
    }

    /**
     * A few rows. {@code JdbcTestUtils.deleteFromTables} sends {@code DELETE FROM child} with no WHERE, and the
     * default {@code guard.deleteWithoutWhere=CONFIRM} applies to any DELETE without WHERE that deletes at least one
     * row: it is stopped (XG001) even for three rows, and runs in a scope covering its rows.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void deleteFromTablesWithFewRows(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            createTables(db);
            seed(db, 2, 3);
            JdbcTemplate jdbc = new JdbcTemplate(GuardedDb.guarded(db));

            Throwable thrown = catchThrowable(() -> JdbcTestUtils.deleteFromTables(jdbc, "child", "parent"));

            assertThat(thrown).isInstanceOf(DataAccessException.class);
            assertStopped(thrown, "XG001", "DELETE FROM child", "guard.deleteWithoutWhere");
            assertThat(db.count("parent")).isEqualTo(2);
            assertThat(db.count("child")).isEqualTo(3);

            try (var scope = CascadeGuard.allow(5, "test cleanup")) {
                assertThat(JdbcTestUtils.deleteFromTables(jdbc, "child", "parent")).isEqualTo(5);
            }
            assertThat(db.count("parent")).isZero();
            assertThat(db.count("child")).isZero();
            // empty tables: a DELETE without WHERE that deletes nothing runs without any allowance
            assertThat(JdbcTestUtils.deleteFromTables(jdbc, "child", "parent")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void dropTablesOnSmallTablesRuns(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            createTables(db);
            seed(db, 2, 3);
            JdbcTemplate jdbc = new JdbcTemplate(GuardedDb.guarded(db));

            try (AuditEvents audit = new AuditEvents()) {
                JdbcTestUtils.dropTables(jdbc, "child", "parent");
                assertThat(audit.messages()).isEmpty();
            }

            assertThat(tableExists(db, "child")).isFalse();
            assertThat(tableExists(db, "parent")).isFalse();
        }
    }

    @Test
    void h2SchemaScriptWithSuffixIfExistsRunsOnAFreshDatabaseAndReRunsOverAFewRows() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            GuardDataSource guarded = GuardedDb.guarded(db);
            ResourceDatabasePopulator populator =
                    new ResourceDatabasePopulator(new ClassPathResource("migrations/spring/h2-schema-guard.sql"));

            populator.execute(guarded);
            assertThat(tableExists(db, "parent")).isTrue();
            assertThat(tableExists(db, "child")).isTrue();

            seed(db, 2, 3);
            populator.execute(guarded);

            assertThat(db.count("parent")).isZero();
            assertThat(db.count("child")).isZero();

            // the guard read the suffix form: over 1,000 rows the same script is stopped at its first line
            seed(db, 2, 1200);
            Throwable thrown = catchThrowable(() -> populator.execute(guarded));
            assertStopped(thrown, "XG001", "DROP TABLE child IF EXISTS", "1,200 rows", "guard.confirmAbove");
            assertThat(db.count("child")).isEqualTo(1200);
            assertThat(db.count("parent")).isEqualTo(2);
        }
    }
}

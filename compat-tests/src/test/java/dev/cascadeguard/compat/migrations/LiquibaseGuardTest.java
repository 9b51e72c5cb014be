package dev.cascadeguard.compat.migrations;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;

import static dev.cascadeguard.compat.migrations.GuardedDb.assertStopped;
import static dev.cascadeguard.compat.migrations.GuardedDb.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Liquibase 4.33 over the guard with default settings: {@code update} and {@code dropAll} through the command API,
 * on a Liquibase {@link JdbcConnection} wrapping a connection of {@link GuardDataSource}.
 */
class LiquibaseGuardTest {

    private static final String CHANGELOG = "migrations/liquibase/changelog-guard.xml";

    @BeforeAll
    static void noAnalytics() {
        // Liquibase 4.30+ would otherwise try to send usage analytics over the network
        System.setProperty("liquibase.analytics.enabled", "false");
    }

    /** Runs one Liquibase command on a fresh guarded connection, closed afterwards. */
    private static void liquibase(GuardDataSource dataSource, String command) throws Exception {
        try (Connection guarded = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(guarded));
            CommandScope scope = new CommandScope(command)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database);
            if (command.equals("update")) {
                scope.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG);
            }
            scope.execute();
        }
    }

    private static void seed(TestDb db, int authors, int books, int reviews) throws SQLException {
        GuardedDb.insertRows(db.connection(), "authors", authors, null, null);
        GuardedDb.insertRows(db.connection(), "books", books, "author_id", id -> (id - 1) % authors + 1);
        GuardedDb.insertRows(db.connection(), "reviews", reviews, "book_id", id -> (id - 1) % books + 1);
    }

    private static void assertTablesGone(TestDb db) throws SQLException {
        for (String table : new String[]{"authors", "books", "reviews", "databasechangelog"}) {
            assertThat(tableExists(db, table)).as(table + " after dropAll").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void updateRunsAndDropAllWithFewRowsRuns(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            GuardDataSource guarded = GuardedDb.guarded(db);
            liquibase(guarded, "update");
            assertThat(tableExists(db, "reviews")).isTrue();
            assertThat(db.count("DATABASECHANGELOG")).isEqualTo(2);
            seed(db, 2, 3, 5);

            try (AuditEvents audit = new AuditEvents()) {
                liquibase(guarded, "dropAll");
                assertThat(audit.messages()).as("audit events of a few-row dropAll").isEmpty();
            }

            assertTablesGone(db);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void dropAllOverManyRowsIsStoppedAndRunsInsideAnAllowance(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            GuardDataSource guarded = GuardedDb.guarded(db);
            liquibase(guarded, "update");
            seed(db, 1100, 1200, 2400);

            Throwable thrown;
            SqlLog sent = new SqlLog();
            try (AuditEvents audit = new AuditEvents()) {
                thrown = catchThrowable(() -> liquibase(new GuardDataSource(sent.wrap(GuardedDb.realDataSource(db))),
                        "dropAll"));
                System.out.println(database + ": Liquibase dropAll over 4,700 rows: " + thrown + audit.dump()
                        + "\n  passed on by the guard:" + sent.dump());
            }

            assertStopped(thrown, "XG001", "CascadeGuard stopped this statement: it needs confirmation (XG001).",
                    "DROP TABLE", "guard.confirmAbove");
            assertThat(db.count("authors")).isEqualTo(1100);
            assertThat(db.count("books")).isEqualTo(1200);
            assertThat(db.count("reviews")).isEqualTo(2400);

            SqlLog allowedSql = new SqlLog();
            try (AuditEvents audit = new AuditEvents();
                 var scope = CascadeGuard.allow(10_000, "reset the test schema")) {
                liquibase(new GuardDataSource(allowedSql.wrap(GuardedDb.realDataSource(db))), "dropAll");
                System.out.println(database + ": Liquibase dropAll in an allowance:" + audit.dump()
                        + "\n  passed on by the guard:" + allowedSql.dump());
            }
            assertTablesGone(db);

            liquibase(guarded, "update");
            assertThat(db.count("authors")).isZero();
            assertThat(db.count("DATABASECHANGELOG")).isEqualTo(2);
        }
    }
}

package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.Decider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A cleanup budget ({@link CascadeGuard#cleanupBudget}): cleanup runs as written within it — DELETE without WHERE
 * and TRUNCATE included — and never beyond it or into a protected table, even under the thresholds; nothing is
 * deleted by a statement it stops.
 */
class CleanupBudgetTest {

    private static void schema(TestDb db) throws SQLException {
        db.execute("create table parent (id int primary key)",
                "create table child (id int primary key, parent_id int references parent (id) on delete cascade)",
                "create table flyway_schema_history (version int)",
                "insert into parent values (1), (2)", "insert into flyway_schema_history values (1)");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 1200; i++) {
            rows.append(i == 1 ? "" : ",").append('(').append(i).append(", ").append(i % 2 + 1).append(')');
        }
        db.execute("insert into child values " + rows);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void cleanupWithinTheBudgetRunsAsWrittenAndBeyondItNothingIsDeleted(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            schema(db);
            try (Allowance budget = CascadeGuard.cleanupBudget(1000, List.of("flyway_schema_history"), "test cleanup")) {
                StatementBlockedException beyond = catchThrowableOfType(() -> s.execute("delete from child"),
                        StatementBlockedException.class);
                assertThat(beyond.getSQLState()).isEqualTo("XG002");
                assertThat(beyond.report().decision().rule()).isEqualTo(Decider.CLEANUP_BUDGET);
                assertThat(beyond.getMessage()).contains("1,200 rows > the cleanup budget's 1,000 rows left");
                assertThat(db.count("child")).isEqualTo(1200);

                s.execute("delete from child where parent_id = 1"); // 600 rows, a DELETE without limits: runs
                assertThat(budget.remaining()).isEqualTo(400);
                StatementBlockedException overWhatIsLeft = catchThrowableOfType(
                        () -> s.execute("delete from parent where id = 2"), StatementBlockedException.class);
                assertThat(overWhatIsLeft.getMessage()).contains("601 rows > the cleanup budget's 400 rows left");
            }
            assertThat(db.count("child")).isEqualTo(600);
            assertThat(db.count("parent")).isEqualTo(2);
        }
    }

    @Test
    void aProtectedTableIsNeverTouchedAndAnAllowanceInsideLiftsNoLimit() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            schema(db);
            try (Allowance budget = CascadeGuard.cleanupBudget(5000, List.of("FLYWAY_SCHEMA_HISTORY"), "")) {
                StatementBlockedException touched = catchThrowableOfType(
                        () -> s.execute("delete from flyway_schema_history"), StatementBlockedException.class);
                assertThat(touched.getMessage()).contains("in a table the cleanup budget protects");
                try (Allowance inner = CascadeGuard.allow(1_000_000, "trying to lift it")) {
                    assertThat((Throwable) catchThrowableOfType(() -> s.execute("truncate table flyway_schema_history"),
                            StatementBlockedException.class)).isNotNull();
                }
                s.execute("delete from child"); // 1,200 rows without WHERE: within the budget, runs
            }
            assertThat(db.count("flyway_schema_history")).isEqualTo(1);
            assertThat(db.count("child")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aSchemaQualifiedOrQuotedProtectedNameMatchesTheTableInTheDefaultSchema(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            schema(db);
            String qualified = db.connection().getSchema() + ".flyway_schema_history";
            for (String name : List.of(qualified, "\"flyway_schema_history\"")) {
                try (Allowance ignored = CascadeGuard.cleanupBudget(5000, List.of(name), "")) {
                    assertThat((Throwable) catchThrowableOfType(() -> s.execute("delete from flyway_schema_history"),
                            StatementBlockedException.class)).as(name).isNotNull();
                }
            }
            assertThat(db.count("flyway_schema_history")).isEqualTo(1);
        }
    }

    @Test
    void aProtectedTableCannotBeDroppedOrTruncatedEvenEmptyAndWarnModeKeepsTheBudget() throws Exception {
        try (TestDb db = TestDatabase.H2.create();
             Connection c = DriverManager.getConnection(db.guardUrl(), SeedSchema.props("guard.mode", "warn"));
             Statement s = c.createStatement()) {
            schema(db);
            db.execute("delete from flyway_schema_history");
            try (Allowance ignored = CascadeGuard.cleanupBudget(5, List.of("flyway_schema_history"), "")) {
                assertThat((Throwable) catchThrowableOfType(() -> s.execute("drop table flyway_schema_history"),
                        StatementBlockedException.class)).isNotNull();
                // warn mode runs what the thresholds would stop, but never past the code's own cleanup budget
                assertThat((Throwable) catchThrowableOfType(() -> s.execute("delete from child"),
                        StatementBlockedException.class)).isNotNull();
            }
            assertThat(db.count("child")).isEqualTo(1200);
            assertThat(db.count("flyway_schema_history")).isZero(); // still there (count works), empty
        }
    }

    @Test
    void whatTheGuardCannotCountOrSeeDoesNotRunInsideABudget() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create();
             Connection c = DriverManager.getConnection(db.guardUrl(), SeedSchema.props("guard.onEstimateError", "ALLOW"));
             Statement s = c.createStatement()) {
            schema(db);
            db.execute("create table log (id int)", "insert into log values (1), (2)",
                    "create function forget() returns trigger language plpgsql as $$ begin delete from log; "
                            + "return old; end $$",
                    "create trigger forget before delete on parent for each row execute function forget()",
                    "create procedure purge() language sql as $$ delete from child $$");
            try (Allowance ignored = CascadeGuard.cleanupBudget(100_000, List.of(), "")) {
                StatementBlockedException trigger = catchThrowableOfType(() -> s.execute("delete from parent where id = 1"),
                        StatementBlockedException.class);
                assertThat(trigger.getMessage()).contains("trigger forget on parent");
                StatementBlockedException call = catchThrowableOfType(() -> s.execute("CALL purge()"),
                        StatementBlockedException.class);
                assertThat(call.getMessage()).contains("could not count");
            }
            assertThat(db.count("log")).isEqualTo(2);
            assertThat(db.count("child")).isEqualTo(1200);
            s.execute("CALL purge()"); // outside a budget guard.onEstimateError decides a destructive call: ALLOW here
            assertThat(db.count("child")).isZero();
        }
    }
}

package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.UncheckableStatementException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.RuleAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;

import static dev.cascadeguard.driver.enforce.SeedSchema.AFTER_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.TEST_ORG_ROWS;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static dev.cascadeguard.driver.enforce.SeedSchema.guarded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rules of the "done when", end to end through {@code jdbc:guard:} on H2 and PostgreSQL. */
class RulesEndToEndTest {

    private static SQLException stopped(Statement s, String sql) {
        return catchThrowableOfType(() -> s.execute(sql), SQLException.class);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void overConfirmAboveFailsWithXg001AndAMessageThatSaysEverything(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            SQLException e = stopped(s, DELETE_TEST_ORG);

            assertThat((Throwable) e).isInstanceOf(ConfirmationRequiredException.class).isInstanceOf(SQLNonTransientException.class);
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
            assertThat(e.getMessage())
                    .containsPattern("(?i)organizations\\s+1 row\\s+DELETE")
                    .containsPattern("(?i)users\\s+3 rows\\s+DELETE")
                    .containsPattern("(?i)orders\\s+4 rows\\s+DELETE")
                    .containsPattern("(?i)order_items\\s+8 rows\\s+DELETE")
                    .containsPattern("(?i)invoices\\s+4 rows\\s+DELETE")
                    .contains("total: 20 rows")
                    .contains("guard.confirmAbove")
                    .contains("SET guard.allow_rows = 20");
            ConfirmationRequiredException confirm = (ConfirmationRequiredException) e;
            assertThat(confirm.rowsToAllow()).isEqualTo(TEST_ORG_ROWS);
            assertThat(confirm.report().decision().action()).isEqualTo(RuleAction.CONFIRM);
            assertThat(confirm.report().decision().rule()).isEqualTo("guard.confirmAbove");
            assertThat(confirm.report().reports()).singleElement().satisfies(r -> {
                assertThat(r.target()).isEqualToIgnoringCase("organizations");
                assertThat(r.totalRows()).isEqualTo(TEST_ORG_ROWS);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void sqlOverrideCoversOneStatementThenIsGone(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 20");
            assertThat(s.executeUpdate(DELETE_TEST_ORG)).isEqualTo(1);
            assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);

            // the next large statement fails again: the override was used once
            SQLException e = stopped(s, "DELETE FROM organizations WHERE name = 'other-org' OR id > 0");
            assertThat((Throwable) e).isNull(); // other-org is 11 rows: under confirmAbove, runs
            assertThat(db.count("organizations")).isZero();
        }
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 20");
            s.executeUpdate("DELETE FROM order_items WHERE id = 1");     // a guarded statement uses the override
            assertThat(stopped(s, DELETE_TEST_ORG).getSQLState()).isEqualTo("XG001");
            assertThat(db.count("order_items")).isEqualTo(11);
            assertThat(db.count("organizations")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void nextLargeStatementAfterAnOverriddenOneFailsAgain(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 20");
            s.executeUpdate(DELETE_TEST_ORG);
            // re-seed test-org so the same 20-row statement is possible again
            db.execute("insert into organizations values (1, 'test-org')",
                    "insert into users values (1, 1, 'a@t'), (2, 1, 'b@t'), (3, 1, 'c@t')",
                    "insert into orders values (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)",
                    "insert into order_items values (1,1,'a'),(2,1,'b'),(3,2,'a'),(4,2,'b'),(5,3,'a'),(6,3,'b'),(7,4,'a'),(8,4,'b')",
                    "insert into invoices values (1,1,10),(2,2,20),(3,3,30),(4,4,40)");
            assertThat(counts(db)).isEqualTo(ALL);
            assertThat(stopped(s, DELETE_TEST_ORG).getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void resetClearsTheOverride(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 20");
            s.execute("RESET guard.allow_rows");
            assertThat(stopped(s, DELETE_TEST_ORG).getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void allowNextFromJavaWorksTheSame(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            c.unwrap(GuardConnection.class).allowNext(20, "ticket OPS-1");
            assertThat(s.executeUpdate(DELETE_TEST_ORG)).isEqualTo(1);
            assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
        }
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            GuardConnection g = c.unwrap(GuardConnection.class);
            g.allowNext(20, "ticket OPS-1");
            g.clearOverride();
            assertThat(stopped(s, DELETE_TEST_ORG).getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void anOverrideSmallerThanTheTotalDoesNotCoverIt(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 19");
            SQLException e = stopped(s, DELETE_TEST_ORG);
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(e.getMessage()).contains("SET guard.allow_rows = 20");
            assertThat(counts(db)).isEqualTo(ALL);
            c.unwrap(GuardConnection.class).allowNext(19, "too few");
            assertThat(stopped(s, DELETE_TEST_ORG).getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void perTableBlockFailsWithXg002EvenWithAnOverride(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db, "guard.table.invoices.blockAbove", "0");
             Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 1000");
            SQLException e = stopped(s, DELETE_TEST_ORG);
            assertThat((Throwable) e).isInstanceOf(StatementBlockedException.class);
            assertThat(e.getSQLState()).isEqualTo("XG002");
            assertThat(e.getMessage()).contains("invoices").contains("no override lifts a BLOCK");
            assertThat(((CascadeGuardException) e).report().decision().action()).isEqualTo(RuleAction.BLOCK);
            assertThat(counts(db)).isEqualTo(ALL);
            // a delete that touches no invoice is not blocked by the invoices rule
            assertThat(s.executeUpdate("DELETE FROM order_items WHERE id = 1")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void preparedStatementIsDecidedOnTheBoundValue(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db);
             PreparedStatement ps = c.prepareStatement("DELETE FROM organizations WHERE id = ?")) {
            ps.setInt(1, 2); // other-org: 11 rows, under confirmAbove
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(counts(db)).containsEntry("organizations", 1L).containsEntry("users", 3L)
                    .containsEntry("order_items", 8L);
            ps.setInt(1, 1); // test-org: 20 rows
            SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(e.getMessage()).contains("SET guard.allow_rows = 20");
            assertThat(db.count("organizations")).isEqualTo(1);
            assertThat(db.count("order_items")).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void warnModeRunsAndLogsWouldStop(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit();
             Connection c = setUp(db, "guard.mode", "warn"); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(DELETE_TEST_ORG)).isEqualTo(1);
            assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
            assertThat(audit.fields()).singleElement().satisfies(f -> {
                assertThat(f).containsEntry("event", "would-stop").containsEntry("decision", "CONFIRM")
                        .containsEntry("mode", "warn").containsEntry("rows", "20")
                        .containsEntry("rule", "guard.confirmAbove");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void offModePassesEverything(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit();
             Connection c = setUp(db, "guard.mode", "off", "guard.blockAbove", "0", "guard.truncate", "BLOCK");
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(DELETE_TEST_ORG)).isEqualTo(1);
            assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
            s.execute("DELETE FROM invoices");
            assertThat(db.count("invoices")).isZero();
            // the garbage statement reaches the database and fails there, not in the guard
            SQLException e = stopped(s, "DELETE FROM organizations WHERE ((((");
            assertThat((Throwable) e).isNotNull().isNotInstanceOf(CascadeGuardException.class);
            assertThat(e.getSQLState()).doesNotStartWith("XG");
            assertThat(audit.events()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void sqlOverrideRejectedWhenAllowSqlOverrideIsFalse(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db, "guard.allowSqlOverride", "false");
             Statement s = c.createStatement()) {
            SQLException e = stopped(s, "SET guard.allow_rows = 20");
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getMessage()).contains("guard.allowSqlOverride=false");
            SQLException stop = stopped(s, DELETE_TEST_ORG);
            assertThat(stop.getSQLState()).isEqualTo("XG001");
            assertThat(stop.getMessage()).doesNotContain("SET guard.allow_rows").contains("allowNext(20L");
            assertThat(counts(db)).isEqualTo(ALL);
            // the Java override still works
            c.unwrap(GuardConnection.class).allowNext(20, "via java");
            s.executeUpdate(DELETE_TEST_ORG);
            assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void deleteWithoutWhereNeedsConfirmationByDefault(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            SQLException e = stopped(s, "DELETE FROM invoices"); // 6 rows: under every row threshold
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(((CascadeGuardException) e).report().decision().rule()).isEqualTo("guard.deleteWithoutWhere");
            assertThat(e.getMessage()).contains("guard.deleteWithoutWhere").contains("SET guard.allow_rows = 6");
            assertThat(db.count("invoices")).isEqualTo(6);
            s.execute("SET guard.allow_rows = 6");
            assertThat(s.executeUpdate("DELETE FROM invoices")).isEqualTo(6);
            assertThat(db.count("invoices")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void truncateAndDropDecidedByTheirRules(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db, "guard.truncate", "BLOCK", "guard.drop", "BLOCK");
             Statement s = c.createStatement()) {
            SQLException truncate = stopped(s, "TRUNCATE TABLE order_items");
            assertThat(truncate.getSQLState()).isEqualTo("XG002");
            assertThat(((CascadeGuardException) truncate).report().decision().rule()).isEqualTo("guard.truncate");
            assertThat(db.count("order_items")).isEqualTo(12);

            s.execute("SET guard.allow_rows = 1000000");
            SQLException drop = stopped(s, "DROP TABLE order_items");
            assertThat(drop.getSQLState()).isEqualTo("XG002");
            assertThat(((CascadeGuardException) drop).report().decision().rule()).isEqualTo("guard.drop");
            assertThat(db.count("order_items")).isEqualTo(12); // still exists, rows and all
        }
        try (TestDb db = kind.create(); Connection c = setUp(db, "guard.truncate", "CONFIRM");
             Statement s = c.createStatement()) {
            assertThat(stopped(s, "TRUNCATE TABLE order_items").getSQLState()).isEqualTo("XG001");
            assertThat(db.count("order_items")).isEqualTo(12);
        }
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            // defaults: the thresholds alone decide, and 12 rows are under them
            s.execute("TRUNCATE TABLE order_items");
            assertThat(db.count("order_items")).isZero();
            s.execute("DROP TABLE order_items");
            assertThat((Throwable) stopped(s, "DROP TABLE IF EXISTS order_items")).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void unparseableDestructiveStatementFailsClosedWithXg003(TestDatabase kind) throws Exception {
        String garbage = "DELETE FROM organizations WHERE ((((";
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            SQLException e = stopped(s, garbage);
            assertThat((Throwable) e).isInstanceOf(UncheckableStatementException.class).isInstanceOf(SQLNonTransientException.class);
            assertThat(e.getSQLState()).isEqualTo("XG003");
            assertThat(e.getMessage()).contains("could not be checked");
            assertThat(counts(db)).isEqualTo(ALL);
        }
        try (TestDb db = kind.create(); Connection c = setUp(db, "guard.onEstimateError", "ALLOW");
             Statement s = c.createStatement()) {
            SQLException e = stopped(s, garbage);
            assertThat((Throwable) e).isNotNull().isNotInstanceOf(CascadeGuardException.class);
            assertThat(e.getSQLState()).doesNotStartWith("XG").startsWith("42"); // the database's syntax error
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @Test
    void multiStatementStringIsCheckedOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            SQLException e = stopped(s, "SELECT 1; " + DELETE_TEST_ORG);
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
            SQLException noWhere = stopped(s, "SELECT 1; DELETE FROM organizations");
            assertThat(noWhere.getSQLState()).isEqualTo("XG001");
            assertThat(noWhere.getMessage()).contains("SET guard.allow_rows = 31");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void batchWithABigDeleteIsCheckedAsAWhole(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = setUp(db); Statement s = c.createStatement()) {
            s.addBatch("UPDATE orders SET amount = 0 WHERE id = 5");
            s.addBatch("DELETE FROM order_items WHERE id = 9");
            s.addBatch(DELETE_TEST_ORG);
            SQLException e = catchThrowableOfType(s::executeBatch, SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("XG001");
            // the batch's two DELETEs are counted together, a row either removes counted once
            assertThat(((CascadeGuardException) e).report().assessments()).hasSize(1);
            assertThat(e.getMessage()).contains("SET guard.allow_rows = 21");
            assertThat(counts(db)).isEqualTo(ALL);
            assertThat(db.count("orders where amount = 0")).isZero();
        }
        // a prepared batch: two small deletes that add up to more than confirmAbove
        try (TestDb db = kind.create(); Connection c = setUp(db);
             PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            for (int id : new int[]{1, 2, 4}) { // 9 + 5 + 5 rows
                ps.setInt(1, id);
                ps.addBatch();
            }
            SQLException e = catchThrowableOfType(ps::executeBatch, SQLException.class);
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void badSettingsFailTheConnectionNamingKeyAndValue(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.guardUrl(), SeedSchema.props("guard.confirmAbove", "-5")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("guard.confirmAbove").hasMessageContaining("-5");
            assertThatThrownBy(() -> DriverManager.getConnection(db.guardUrl(), SeedSchema.props("guard.confirmabove", "5")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("guard.confirmabove")
                    .hasMessageContaining("guard.confirmAbove");
            assertThatThrownBy(() -> DriverManager.getConnection(db.guardUrl(), SeedSchema.props("guard.mode", "loud")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("guard.mode").hasMessageContaining("loud");
        }
    }

    private static Connection setUp(TestDb db, String... keyValues) throws SQLException {
        SeedSchema.create(db);
        return guarded(db, keyValues);
    }
}

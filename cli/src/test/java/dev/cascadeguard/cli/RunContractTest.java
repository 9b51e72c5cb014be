package dev.cascadeguard.cli;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run} against a real database: what is in the tables afterwards, the exit code, and what it printed.
 * The shop (see {@link ShopSchema}) has organization 1 reaching 19 rows and organization 2 reaching 5; the rules
 * file sets {@code guard.confirmAbove=5}. Each database runs the same tests through a subclass.
 */
abstract class RunContractTest {

    /** Deletes 1 + 4 rows, then 19: the third statement is over guard.confirmAbove=5. */
    static final String OVER_AT_THIRD = """
            -- nightly cleanup of the test organizations
            delete from invoices where id = 5;

            /* globex: 1 organization, 1 user, 1 order, 1 item (its invoice is gone already) */
            delete from organizations where id = 2;
            delete from organizations
             where id = 1;
            insert into organizations values (3, 'initech');
            """;

    @TempDir
    Path tmp;

    TestDb db;
    Path rules;

    abstract TestDatabase database();

    /** A table name as the database reports it (H2 folds unquoted names to upper case). */
    abstract String t(String table);

    /** The database commits DDL by itself (MySQL, MariaDB, H2); PostgreSQL and SQLite roll it back. */
    abstract boolean ddlCommits();

    /** The name the messages give the database. */
    abstract String databaseName();

    @BeforeEach
    void createShop() throws Exception {
        db = database().create();
        ShopSchema.create(db);
        rules = write("guard.properties", "guard.confirmAbove=5\n");
    }

    @AfterEach
    void dropShop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--url", db.jdbcUrl(), "--rules", rules.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void cleanupWithinTheThresholdsRunsAndTheRowsAreGone() throws Exception {
        Path script = write("cleanup.sql", """
                delete from invoices where id = 5;
                delete from order_items where order_id = 5;
                -- globex and what is left of it: 1 organization, 1 user, 1 order
                delete from organizations where id = 2
                """);

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        assertThat(ShopSchema.counts(db)).containsExactly(1, 2, 4, 8, 4);
        assertThat(run.out()).contains("ran 3 statements in one transaction, committed")
                .containsPattern(t("organizations") + " +1 +DELETE")
                .containsPattern(t("users") + " +1 +DELETE")
                .containsPattern(t("invoices") + " +1 +DELETE")
                .containsPattern(t("order_items") + " +1 +DELETE")
                .contains("total: 5 rows destroyed by 3 guarded statements");
    }

    @Test
    void statementOverConfirmAboveStopsAndRollsBackTheWholeScript() throws Exception {
        long[] before = ShopSchema.counts(db);
        Path script = write("cleanup.sql", OVER_AT_THIRD);

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(ShopSchema.counts(db)).containsExactly(before);
        assertThat(run.err()).startsWith("cascade-guard: stopped at " + script + ":6 (statement 3 of 4)\n")
                .contains("(XG001)", "total: 19 rows", "guard.confirmAbove",
                        "with cascade-guard run, for the whole run: --allow-rows 24 (at least: 5 rows of the statements before it + 19;",
                        "rolled back: the 2 statements before it are undone");
        assertThat(run.out()).isEqualTo("stopped after 2 statements of 4: rolled back, no rows destroyed\n");
    }

    @Test
    void withoutTransactionTheStatementsBeforeTheStopStayDone() throws Exception {
        Path script = write("cleanup.sql", OVER_AT_THIRD);

        CliRun run = run("--no-transaction", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        // as after statements 1 and 2: invoice 5 and globex gone, acme untouched, initech never inserted
        assertThat(ShopSchema.counts(db)).containsExactly(1, 2, 4, 8, 4);
        assertThat(run.err()).contains("no transaction (--no-transaction): the 2 statements before it stay done");
        assertThat(run.out()).contains("stopped after 2 statements of 4, which stay done (--no-transaction)",
                "total: 5 rows destroyed by 2 guarded statements");
    }

    @Test
    void allowRowsLetsTheWholeScriptThrough() throws Exception {
        Path script = write("cleanup.sql", OVER_AT_THIRD);

        CliRun run = run("--allow-rows", "24", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(ShopSchema.counts(db)).containsExactly(1, 0, 0, 0, 0);
        assertThat(db.count("organizations where name = 'initech'")).isEqualTo(1);
        assertThat(run.out()).contains("ran 4 statements in one transaction, committed",
                "total: 24 rows destroyed by 3 guarded statements");
        assertThat(CascadeGuard.listeners()).as("the run's listener is removed").isEmpty();
    }

    @Test
    void allowRowsSpentByTheEarlierStatementsNoLongerCoversTheThird() throws Exception {
        long[] before = ShopSchema.counts(db);
        Path script = write("cleanup.sql", OVER_AT_THIRD);

        CliRun run = run("--allow-rows", "23", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(ShopSchema.counts(db)).containsExactly(before);
    }

    @Test
    void dryRunChangesNothingAndPrintsTheImpact() throws Exception {
        long[] before = ShopSchema.counts(db);
        Path script = write("cleanup.sql", OVER_AT_THIRD);

        CliRun run = run("--dry-run", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(ShopSchema.counts(db)).containsExactly(before);
        assertThat(run.out()).startsWith("dry run: nothing is executed.")
                .contains("it cannot see what the statements before it would do",
                        "-- " + script + ":2 (statement 1 of 4)",
                        "-- " + script + ":6 (statement 3 of 4)",
                        "total: 19 rows", "decision: CONFIRM — 19 rows > guard.confirmAbove (5)",
                        "insert into organizations values (3, 'initech')\nno rows destroyed",
                        "dry run: 1 statement of 4 would be stopped: statement 3 (" + script + ":6): CONFIRM")
                // the dry run checks globex with its invoice still there: 5 rows, not the 4 a real run deletes
                .containsPattern(t("organizations") + " +1 +DELETE");
    }

    @Test
    void dryRunWithEnoughAllowRowsExitsZero() throws Exception {
        long[] before = ShopSchema.counts(db);
        // the dry run cannot see statement 1's delete: it counts globex's invoice again (1 + 5 + 19)
        CliRun run = run("--dry-run", "--allow-rows", "25", write("cleanup.sql", OVER_AT_THIRD).toString());

        assertThat(run.exitCode()).as(run.out()).isEqualTo(0);
        assertThat(run.out()).contains("dry run: no statement would be stopped");
        assertThat(ShopSchema.counts(db)).containsExactly(before);
    }

    @Test
    void sqlErrorIsOneLineExitTwoAndRollsBack() throws Exception {
        long[] before = ShopSchema.counts(db);
        Path script = write("bad.sql", "delete from invoices where id = 5;\ninsert into organizations values (1, 'dup');\n");

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(ShopSchema.counts(db)).containsExactly(before);
        assertThat(run.err()).startsWith("cascade-guard: " + script + ":2: SQL error 23")
                .contains("(statement 2 of 2; rolled back: the 1 statement before it is undone)")
                .hasLineCount(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void severalScriptsRunInOneTransaction() throws Exception {
        long[] before = ShopSchema.counts(db);
        Path first = write("01-invoices.sql", "delete from invoices where id = 5;\n");
        Path second = write("02-orgs.sql", "delete from organizations where id = 1;\n");

        CliRun run = run(first.toString(), second.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("stopped at " + second + ":1 (statement 2 of 2)");
        assertThat(ShopSchema.counts(db)).containsExactly(before);
    }

    @Test
    void transactionControlInTheScriptIsRefusedBeforeAnythingRuns() throws Exception {
        long[] before = ShopSchema.counts(db);
        Path script = write("tx.sql", "delete from invoices where id = 5;\ncommit;\ndelete from invoices where id = 4;\n");

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(ShopSchema.counts(db)).containsExactly(before);
        assertThat(run.err()).startsWith("cascade-guard: " + script + ":2: COMMIT in the script: ")
                .contains("use --no-transaction (nothing was run)").hasLineCount(1);
        assertThat(run.out()).isEmpty();

        CliRun autocommit = run("--no-transaction", script.toString());

        assertThat(autocommit.exitCode()).as(autocommit.err()).isEqualTo(0);
        assertThat(db.count("invoices")).isEqualTo(3);
    }

    @Test
    void beginAndStartTransactionAreRefusedToo() throws Exception {
        for (String control : new String[]{"BEGIN", "START TRANSACTION", "ROLLBACK"}) {
            Path script = write("tx.sql", control + ";\ndelete from invoices where id = 5;\n");

            CliRun run = run(script.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("cascade-guard: " + script + ":1: " + control + " in the script");
            assertThat(db.count("invoices")).isEqualTo(5);
        }
    }

    @Test
    void stopAfterDdlSaysWhatTheImplicitCommitKept() throws Exception {
        Path script = write("ddl.sql", """
                delete from invoices where id = 5;
                create table purge_log (id int);
                delete from organizations where id = 1;
                """);

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("stopped at " + script + ":3 (statement 3 of 3)");
        if (ddlCommits()) {
            assertThat(db.count("invoices")).as("committed by the CREATE").isEqualTo(4);
            assertThat(db.count("purge_log")).isZero();
            assertThat(run.err()).contains("rolled back only in part: " + databaseName()
                    + " committed statements 1–2 by itself at the DDL of " + script + ":2 (create table purge_log (id int))"
                    + ", they stay done; nothing ran after it");
            assertThat(run.out()).startsWith("stopped after 2 statements of 3: statements 1–2 stay committed (DDL "
                            + "commits by itself on " + databaseName() + ", last at " + script + ":2), the rest rolled back\n")
                    .containsPattern(t("invoices") + " +1 +DELETE")
                    .contains("total: 1 row destroyed by 1 guarded statement")
                    .doesNotContain("no rows destroyed");
        } else {
            assertThat(db.count("invoices")).isEqualTo(5);
            assertThat(run.err()).contains("rolled back: the 2 statements before it are undone");
            assertThat(run.out()).isEqualTo("stopped after 2 statements of 3: rolled back, no rows destroyed\n");
        }
    }

    @Test
    void sqlErrorAfterDdlSaysWhatStaysDone() throws Exception {
        Path script = write("ddl.sql", """
                create table purge_log (id int);
                delete from invoices where id = 5;
                insert into organizations values (1, 'dup');
                """);

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(db.count("invoices")).as("the delete after the DDL is rolled back").isEqualTo(5);
        if (ddlCommits()) {
            assertThat(run.err()).contains("rolled back only in part: " + databaseName()
                    + " committed statement 1 by itself", "the 1 statement after it is undone").hasLineCount(1);
            assertThat(run.out()).startsWith("stopped after 2 statements of 3: statement 1 stays committed")
                    .contains("no rows destroyed");
        } else {
            assertThat(run.err()).contains("rolled back: the 2 statements before it are undone");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void scriptsOwnSetGuardAllowRowsCountsInTheDryRunAsInTheRealRun() throws Exception {
        // covers the next guarded statement only: here the 19-row delete
        Path covered = write("covered.sql", "SET guard.allow_rows = 19;\ndelete from organizations where id = 1;\n");
        // used up by the first delete, so the 19-row one is stopped
        Path used = write("used.sql", "SET guard.allow_rows = 19;\ndelete from invoices where id = 5;\n"
                + "delete from organizations where id = 1;\n");
        // an allowance for the statements after it: 1 + 19 = 20 rows
        Path total = write("total.sql", "SET guard.allow_rows_total = 20;\ndelete from invoices where id = 5;\n"
                + "delete from organizations where id = 1;\n");

        assertThat(run("--dry-run", covered.toString()).exitCode()).isEqualTo(0);
        assertThat(run("--dry-run", used.toString()).exitCode()).isEqualTo(3);
        assertThat(run("--dry-run", total.toString()).exitCode()).isEqualTo(0);
        assertThat(run("--dry-run", total.toString()).out())
                .contains("applied to the statements after it, as in the real run");
        assertThat(run(used.toString()).exitCode()).isEqualTo(3);
        assertThat(run(covered.toString()).exitCode()).isEqualTo(0);
        assertThat(ShopSchema.counts(db)).containsExactly(1, 1, 1, 1, 1);
    }
}

package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Skips with a message when PostgreSQL is not on 127.0.0.1:5432 (fails instead when CI=true). */
class PostgresRunTest extends RunContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    boolean ddlCommits() {
        return false;
    }

    @Override
    String databaseName() {
        return "POSTGRESQL";
    }

    @Override
    String t(String table) {
        return table;
    }

    @Test
    void dollarQuotedFunctionBodyIsOneStatement() throws Exception {
        Path script = write("purge.sql", """
                create function purge_invoices(order_no int) returns void as $$
                begin
                  delete from invoices where order_id = order_no;
                  delete from order_items where order_id = order_no;
                end;
                $$ language plpgsql;
                select purge_invoices(5);
                delete from orders where id = 5;
                """);

        CliRun run = run(script.toString());

        // the body was one statement: the call is statement 2 of 3, and it is the call that is decided (issue #20:
        // a routine whose body deletes goes to guard.onEstimateError where it runs, not where it is defined)
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("(statement 2 of 3)").contains("it calls purge_invoices()");
        assertThat(ShopSchema.counts(db)).containsExactly(2, 3, 5, 9, 5);
    }

    @Test
    void dryRunFollowsTheScriptsSearchPath() throws Exception {
        // run_other.organizations has no children: deleting its row 1 is 1 row, public.organizations 1 would be 19
        db.execute("drop schema if exists run_other cascade", "create schema run_other",
                "create table run_other.organizations (id int primary key, name varchar(40))",
                "insert into run_other.organizations values (1, 'archived')");
        try {
            Path script = write("other.sql", "SET search_path TO run_other;\nDELETE FROM organizations WHERE id = 1;\n");

            CliRun dry = run("--dry-run", script.toString());

            assertThat(dry.exitCode()).as(dry.out()).isEqualTo(0);
            assertThat(dry.out()).contains("executed: it changes only the session",
                    "dry run: no statement would be stopped");
            assertThat(db.count("run_other.organizations")).as("the dry run changed nothing").isEqualTo(1);

            CliRun real = run(script.toString());

            assertThat(real.exitCode()).as(real.err()).isEqualTo(0);
            assertThat(db.count("run_other.organizations")).isZero();
            assertThat(ShopSchema.counts(db)).containsExactly(2, 3, 5, 9, 5);
        } finally {
            db.execute("drop schema run_other cascade");
        }
    }

    @Test
    void postgresEndIsCommitAndIsRefused() throws Exception {
        Path script = write("tx.sql", "begin work;\ndelete from invoices where id = 5;\nend;\n");

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cascade-guard: " + script + ":1: BEGIN in the script");
        Path endOnly = write("end.sql", "delete from invoices where id = 5;\nEND;\n");
        assertThat(run(endOnly.toString()).err()).startsWith("cascade-guard: " + endOnly + ":2: END in the script");
        assertThat(db.count("invoices")).isEqualTo(5);
    }

    @Test
    void beginAtomicFunctionBodyIsOneStatementAndNotTransactionControl() throws Exception {
        Path script = write("purge.sql", """
                create function purge_invoices(order_no int) returns void language sql
                begin atomic
                  delete from invoices where order_id = order_no;
                  delete from order_items where order_id = order_no;
                end;
                select purge_invoices(5);
                delete from orders where id = 5;
                """);

        CliRun run = run(script.toString());

        // the body was one statement: the call is statement 2 of 3, and it is the call that is decided (issue #20:
        // a routine whose body deletes goes to guard.onEstimateError where it runs, not where it is defined)
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("(statement 2 of 3)").contains("it calls purge_invoices()");
        assertThat(ShopSchema.counts(db)).containsExactly(2, 3, 5, 9, 5);
    }

    @Test
    void failedRollbackIsNotCalledARollback() throws Exception {
        // the connection dies under the run: the statement fails and so does the rollback
        Path script = write("die.sql", "delete from invoices where id = 5;\nselect pg_terminate_backend(pg_backend_pid());\n");

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(script + ":2: SQL error", "the rollback failed: ",
                        "whether the 1 statement before it stay done is unknown")
                .doesNotContain("rolled back");
        assertThat(run.out()).startsWith("stopped after 1 statement of 2: the rollback failed;")
                .doesNotContain("no rows destroyed");
        assertThat(db.count("invoices")).as("the server dropped the open transaction").isEqualTo(5);
    }
}

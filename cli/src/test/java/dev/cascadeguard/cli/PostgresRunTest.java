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

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(ShopSchema.counts(db)).containsExactly(2, 3, 4, 8, 4);
        assertThat(run.out()).contains("ran 3 statements in one transaction, committed");
    }
}

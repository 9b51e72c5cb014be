package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    String t(String table) {
        return table;
    }

    @Test
    void cascadesFollowWhenForeignKeysAreOn() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "DELETE FROM orders WHERE user_id = 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        // orders 1 and 2, their 4 items and 2 invoices
        assertThat(run.out()).contains("\"totalRows\": 8,");
    }
}

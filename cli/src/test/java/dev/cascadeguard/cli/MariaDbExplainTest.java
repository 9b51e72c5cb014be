package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    String t(String table) {
        return table;
    }

    @Test
    void deleteWithOrderByAndLimitCountsOnlyTheRowsTheLimitLetsThrough() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "DELETE FROM orders WHERE user_id IN (1, 2) ORDER BY id LIMIT 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        // order 1 only: its 2 items and 1 invoice
        assertThat(run.out()).contains("\"totalRows\": 4,");
    }
}

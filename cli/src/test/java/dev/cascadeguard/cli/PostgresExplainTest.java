package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Skips with a message when PostgreSQL is not on 127.0.0.1:5432 (fails instead when CI=true). */
class PostgresExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    String t(String table) {
        return table;
    }

    @Test
    void deleteUsingIsCountedByTheTargetsOwnRows() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "DELETE FROM orders o USING users u WHERE o.user_id = u.id AND u.org_id = 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        // acme's users 1 and 2: orders 1-4, their 8 items and 4 invoices, each row once despite the join
        assertThat(run.out()).contains("\"target\": \"orders\"", "\"totalRows\": 16,");
    }
}

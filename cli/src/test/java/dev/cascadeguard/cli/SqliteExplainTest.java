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

    /** A plain SQLite URL leaves foreign keys off (SQLite's default): nothing cascades, the rows left are listed. */
    @Test
    void withForeignKeysOffTheRowsLeftPointingAtNothingAreListed() throws Exception {
        String url = db.jdbcUrl().replace("?foreign_keys=true", "");
        CliRun run = CliRun.of("explain", "--url", url, "--format", "json", "DELETE FROM orders WHERE user_id = 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out())
                .contains("{\"table\": \"order_items\", \"action\": \"ORPHAN\", \"rows\": 4, \"exact\": true, "
                        + "\"capped\": false, \"depth\": 1, \"path\": [\"orders\", \"order_items\"]}")
                .contains("{\"table\": \"invoices\", \"action\": \"ORPHAN\", \"rows\": 2,")
                .contains("\"totalRows\": 2,")
                .contains("\"action\": \"LOG\"")
                .contains("6 rows would be left pointing at deleted rows (PRAGMA foreign_keys is off): "
                        + "guard.sqliteForeignKeysOff = LOG");

        java.nio.file.Path rules = java.nio.file.Files.createTempFile("guard", ".properties");
        try {
            java.nio.file.Files.writeString(rules, "guard.sqliteForeignKeysOff=BLOCK\n");
            CliRun blocked = CliRun.of("explain", "--url", url, "--rules", rules.toString(),
                    "DELETE FROM orders WHERE user_id = 1");
            assertThat(blocked.exitCode()).as(blocked.err()).isEqualTo(3);
            assertThat(blocked.out())
                    .contains("foreign keys are off on this connection: 4 rows in order_items will point at missing "
                            + "rows in orders")
                    .contains("guard.sqliteForeignKeysOff = BLOCK");
        } finally {
            java.nio.file.Files.delete(rules);
        }
    }

    /** INSERT OR REPLACE deletes the row it replaces, and the cascade follows: reported as kind REPLACE. */
    @Test
    void insertOrReplaceIsExplainedAsTheDeleteItPerforms() {
        String sql = "INSERT OR REPLACE INTO organizations (id, name) VALUES (1, 'acme2')";
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json", sql);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("\"kind\": \"REPLACE\"")
                .contains("{\"table\": \"organizations\", \"action\": \"DELETE\", \"rows\": 1, \"exact\": true, "
                        + "\"capped\": false, \"depth\": 0")
                .contains("\"totalRows\": 19,");

        CliRun text = CliRun.of("explain", "--url", db.jdbcUrl(), sql);
        assertThat(text.out()).contains("REPLACE removes 1 row in organizations, which cascades to 18 rows in ");
    }
}

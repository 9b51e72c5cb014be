package dev.cascadeguard.cli;

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
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code explain} against a real database, checked against the contract: exit codes, the JSON object field for
 * field, and that nothing changes. Each database runs the same tests through a subclass.
 */
abstract class ExplainContractTest {

    @TempDir
    Path tmp;

    TestDb db;

    abstract TestDatabase database();

    /** A table name as the database reports it (H2 folds unquoted names to upper case). */
    abstract String t(String table);

    @BeforeEach
    void createShop() throws SQLException {
        db = database().create();
        ShopSchema.create(db);
    }

    @AfterEach
    void dropShop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private Path rules(String content) throws IOException {
        Path file = tmp.resolve("guard.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void jsonIsTheContractObjectFieldForField() {
        String sql = "delete from organizations where id = 2";
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json", sql);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        // siblings (invoices, order_items) come in the database's catalog order, which the contract leaves open
        assertThat(siblingsSorted(run.out())).isEqualTo(siblingsSorted("""
                {
                  "sql": "delete from organizations where id = 2",
                  "kind": "DELETE",
                  "target": "%1$s",
                  "effects": [
                    {"table": "%1$s", "action": "DELETE", "rows": 1, "exact": true, "capped": false, "depth": 0, "path": ["%1$s"]},
                    {"table": "%2$s", "action": "DELETE", "rows": 1, "exact": true, "capped": false, "depth": 1, "path": ["%1$s", "%2$s"]},
                    {"table": "%3$s", "action": "DELETE", "rows": 1, "exact": true, "capped": false, "depth": 2, "path": ["%1$s", "%2$s", "%3$s"]},
                    {"table": "%5$s", "action": "DELETE", "rows": 1, "exact": true, "capped": false, "depth": 3, "path": ["%1$s", "%2$s", "%3$s", "%5$s"]},
                    {"table": "%4$s", "action": "DELETE", "rows": 1, "exact": true, "capped": false, "depth": 3, "path": ["%1$s", "%2$s", "%3$s", "%4$s"]}
                  ],
                  "totalRows": 5,
                  "wouldFail": false,
                  "decision": {"action": "ALLOW", "reasons": []}
                }
                """.formatted(t("organizations"), t("users"), t("orders"), t("order_items"), t("invoices"))));
    }

    /** The JSON with its effect lines in sorted order and without their separating commas; all else as it is. */
    private static String siblingsSorted(String json) {
        List<String> effects = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (String line : json.split("\n", -1)) {
            if (line.startsWith("    {\"table\"")) {
                effects.add(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
            } else {
                rest.append(line).append('\n');
            }
        }
        Collections.sort(effects);
        return rest + String.join("\n", effects);
    }

    @Test
    void overConfirmAboveExitsThreeAndChangesNothing() throws Exception {
        long[] before = ShopSchema.counts(db);
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--rules", rules("guard.confirmAbove=5\n").toString(),
                "--format", "json", "delete from organizations where id = 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\"totalRows\": 19,", "\"action\": \"CONFIRM\"", "guard.confirmAbove");
        assertThat(ShopSchema.counts(db)).containsExactly(before);
    }

    @Test
    void atConfirmAboveExitsZero() throws Exception {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--rules", rules("guard.confirmAbove=5\n").toString(),
                "delete from organizations where id = 2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("total: 5 rows", "decision: ALLOW");
    }

    @Test
    void blockRuleExitsThree() throws Exception {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(),
                "--rules", rules("guard.table.invoices.blockAbove=0\n").toString(),
                "delete from organizations where id = 2");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("decision: BLOCK");
    }

    @Test
    void guardUrlIsAcceptedAsWell() {
        CliRun run = CliRun.of("explain", "--url", db.guardUrl(), "delete from organizations where id = 2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    }

    @Test
    void paramsBindThePlaceholdersInOrder() throws Exception {
        long[] before = ShopSchema.counts(db);
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json", "--param", "1", "--param", "2",
                "delete from orders where user_id = ? or id = ?");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        // user_id = 1 reaches orders 1 and 2, id = 2 is one of them: 2 orders, 4 items, 2 invoices
        assertThat(run.out()).contains("\"totalRows\": 8,");
        assertThat(ShopSchema.counts(db)).containsExactly(before);
    }

    @Test
    void textShowsTheTreeTotalAndDecision() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--exact", "delete from organizations where id = 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).startsWith("delete from organizations where id = 1\n" + t("organizations"))
                .contains("└─ " + t("users"), "└─ " + t("orders"), "total: 19 rows", "decision: ALLOW")
                .containsPattern("      [├└]─ " + t("order_items") + " +8 rows  DELETE")
                .containsPattern("      [├└]─ " + t("invoices") + " +4 rows  DELETE");
    }

    @Test
    void truncateAndDropNeverChangeAnything() throws Exception {
        long[] before = ShopSchema.counts(db);
        CliRun truncate = CliRun.of("explain", "--url", db.jdbcUrl(), "truncate table invoices");
        CliRun drop = CliRun.of("explain", "--url", db.jdbcUrl(), "drop table invoices");

        assertThat(truncate.exitCode()).as(truncate.out() + truncate.err()).isIn(0, 3);
        assertThat(drop.exitCode()).as(drop.out() + drop.err()).isIn(0, 3);
        assertThat(ShopSchema.counts(db)).containsExactly(before);
    }

    @Test
    void sqlThatDeletesNothingSaysSoAndExitsZero() {
        CliRun text = CliRun.of("explain", "--url", db.jdbcUrl(), "select count(*) from users");
        CliRun json = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json", "select count(*) from users");

        assertThat(text.exitCode()).isEqualTo(0);
        assertThat(text.out()).contains("deletes nothing");
        assertThat(json.exitCode()).isEqualTo(0);
        assertThat(json.out()).isEqualTo("""
                {
                  "sql": "select count(*) from users",
                  "kind": null,
                  "target": null,
                  "effects": [],
                  "totalRows": 0,
                  "wouldFail": false,
                  "decision": {"action": "ALLOW", "reasons": []}
                }
                """);
    }

    @Test
    void severalStatementsGiveAJsonArray() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "delete from invoices where id = 1; delete from order_items where id = 1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).startsWith("[\n{\n").endsWith("}\n]\n");
        assertThat(run.out().split("\"kind\": \"DELETE\"", -1)).hasSize(3);
    }

    @Test
    void unknownTableIsDecidedAsTheDriverDecidesItWithTheProblemOnStderr() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "delete from no_such_table where id = 1");

        // the driver fails closed on a statement it cannot count (guard.onEstimateError=BLOCK by default)
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\"action\": \"BLOCK\"");
        assertThat(run.err()).startsWith("cascade-guard: cannot count what").contains("no_such_table")
                .doesNotContain("\tat ");
    }

    /**
     * The contract: explain's decision is the one the driver takes on the same statement with the same settings.
     * Each case runs through both, the driver's in a transaction rolled back afterwards.
     */
    @Test
    void theDecisionIsTheDriversOnTheSameStatementAndSettings() throws Exception {
        String[][] cases = {
                {"guard.confirmAbove=5", "delete from organizations where id = 1"},
                {"guard.confirmAbove=5", "delete from organizations where id = 2"},
                {"guard.confirmAbove=20", "delete from organizations where id = 1"},
                {"guard.confirmAbove=5\nguard.blockAbove=10", "delete from organizations where id = 1"},
                {"guard.table.invoices.blockAbove=0", "delete from organizations where id = 2"},
                {"guard.logAbove=1", "delete from orders where id in (1, 2)"},
                {"", "delete from users"},
                {"", "delete from no_such_table where id = 1"},
                {"guard.mode=warn\nguard.confirmAbove=5", "delete from organizations where id = 1"},
                {"guard.mode=off\nguard.confirmAbove=5", "delete from organizations where id = 1"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--rules", rules(c[0] + "\n").toString(),
                    "--format", "json", c[1]);
            String driver = driverOutcome(c[0], c[1]);
            String explained = run.out().replaceAll("(?s).*\"decision\": \\{\"action\": \"(\\w+)\".*", "$1");
            assertThat(explained + " / exit " + run.exitCode()).as("%s with %s\n%s%s", c[1], c[0], run.out(), run.err())
                    .isEqualTo(switch (driver) {
                        case "ran" -> explained.equals("LOG") ? "LOG / exit 0" : "ALLOW / exit 0";
                        case "XG001" -> "CONFIRM / exit 3";
                        default -> "BLOCK / exit 3"; // XG002 (a BLOCK rule) and XG003 (failed closed)
                    });
        }
        assertThat(ShopSchema.counts(db)).as("everything rolled back").containsExactly(2L, 3L, 5L, 9L, 5L);
    }

    /**
     * The case: a chain through two tables that reference each other, 8 rows deep. The driver used to fail
     * closed on it while explain said ALLOW; both now count it to its end, and agree on either side of the threshold.
     */
    @Test
    void aChainThroughACycleOfTablesIsDecidedAlikeByExplainAndTheDriver() throws Exception {
        boolean sqlite = database() == TestDatabase.SQLITE;
        db.execute("create table cy_a (id int primary key, b_id int" + (sqlite ? " references cy_b(id) on delete cascade" : "") + ")",
                "create table cy_b (id int primary key, a_id int" + (sqlite ? " references cy_a(id) on delete cascade" : "") + ")");
        if (!sqlite) {
            db.execute("alter table cy_a add constraint fk_cy_a foreign key (b_id) references cy_b(id) on delete cascade",
                    "alter table cy_b add constraint fk_cy_b foreign key (a_id) references cy_a(id) on delete cascade");
        }
        for (int i = 1; i <= 4; i++) {
            db.execute("insert into cy_a values (" + i + ", null)", "insert into cy_b values (" + i + ", " + i + ")");
        }
        for (int i = 2; i <= 4; i++) {
            db.execute("update cy_a set b_id = " + (i - 1) + " where id = " + i);
        }
        for (String rules : new String[] {"guard.confirmAbove=7", "guard.confirmAbove=8"}) {
            CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--rules", rules(rules + "\n").toString(),
                    "--format", "json", "delete from cy_a where id = 1");
            assertThat(run.out()).as(run.err()).contains("\"totalRows\": 8,");
            String driver = driverOutcome(rules, "delete from cy_a where id = 1");
            assertThat(run.exitCode()).as("%s: explain %s, driver %s", rules, run.out(), driver)
                    .isEqualTo(driver.equals("ran") ? 0 : 3);
            assertThat(driver).isEqualTo(rules.endsWith("7") ? "XG001" : "ran");
        }
        assertThat(db.count("cy_a") + db.count("cy_b")).as("rolled back").isEqualTo(8);
    }

    /** "ran", or the SQLState the driver stopped the statement with. */
    private String driverOutcome(String rules, String sql) throws Exception {
        java.util.Properties settings = new java.util.Properties();
        settings.load(new java.io.StringReader(rules));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.guardUrl(), settings);
             java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute(sql);
                return "ran";
            } catch (java.sql.SQLException e) {
                assertThat(e.getSQLState()).as(e.getMessage()).startsWith("XG");
                return e.getSQLState();
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void missingRulesFileIsExitTwo() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--rules", tmp.resolve("missing.properties").toString(),
                "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing.properties").doesNotContain("\tat ");
    }
}

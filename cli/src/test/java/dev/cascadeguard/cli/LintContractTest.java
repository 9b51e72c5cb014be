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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lint} on the checklist schemas ({@link LintSchema}) of one database: the named findings, the exit codes of
 * the contract, and that nothing changed. Each database runs the same tests through a subclass.
 */
abstract class LintContractTest {

    @TempDir
    Path tmp;

    TestDb db;

    abstract TestDatabase database();

    /** A table or constraint name as the database reports it (H2 folds unquoted names to upper case). */
    abstract String t(String name);

    /** The constraint name lint reports for a key declared {@code CONSTRAINT name} (SQLite keeps no names). */
    String fk(String declared, String child, int sqliteId) {
        return t(declared);
    }

    /** True where the database indexes every foreign key by itself (H2, InnoDB). */
    abstract boolean indexesForeignKeysItself();

    @BeforeEach
    void createSchema() throws SQLException {
        db = database().createDatabase();
        LintSchema.create(db);
    }

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    CliRun lint(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "lint";
        args[1] = "--url";
        args[2] = db.jdbcUrl();
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.of(args);
    }

    Path rules(String content) throws IOException {
        Path file = tmp.resolve("guard.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void theShopsCascadeIsATreeWithRowsPerRootRow() throws SQLException {
        CliRun run = lint("--no-color");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        // 2 organizations, 3 users, 5 orders, 9 items: per organization ~1.5 users, ~2.5 orders, ~4.5 items
        assertThat(run.out()).contains(t("organizations")).containsPattern("└─ " + t("users") + " +~1.5  CASCADE")
                .containsPattern("├─ " + t("invoices") + " +~2.5  CASCADE")
                .containsPattern("└─ " + t("order_items") + " +~4.5  CASCADE")
                .contains("INFO  cascade-tree: deleting 1 row of " + t("organizations") + " deletes ~12 rows in 5 "
                        + "tables, 3 levels deep: 1 " + t("organizations") + " → ~1.5 " + t("users") + " → ~2.5 "
                        + t("orders") + " → ~4.5 " + t("order_items"))
                .doesNotContain("\u001b[");
        assertThat(db.count("order_items")).isEqualTo(9);
    }

    @Test
    void aCascadeIntoAProtectedTableIsAnErrorAndFailOnErrorGatesIt() throws IOException {
        Path rules = rules("guard.table.invoices.blockAbove=0\n");
        CliRun run = lint("--rules", rules.toString(), "--format", "json", "--fail-on", "error");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("{\"kind\": \"protected-table-reached\", \"severity\": \"error\", \"tables\": [\""
                + t("organizations") + "\", \"" + t("users") + "\", \"" + t("orders") + "\", \"" + t("invoices")
                + "\"], \"constraints\": [\"" + fk("fk_users_org", "users", 0) + "\", \""
                + fk("fk_orders_user", "orders", 0) + "\", \"" + fk("fk_invoices_order", "invoices", 0) + "\"]")
                .contains("\"protected\": \"guard.table.invoices.blockAbove=0\"");

        CliRun without = lint("--format", "json", "--fail-on", "error");
        assertThat(without.out()).doesNotContain("protected-table-reached");
    }

    @Test
    void exitCodesFollowFailOn() {
        assertThat(lint().exitCode()).isEqualTo(0);
        assertThat(lint("--fail-on", "warn").exitCode()).as("cycle and depth are warnings").isEqualTo(3);
        CliRun bad = lint("--fail-on", "sometimes");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--fail-on");
    }

    @Test
    void aCycleAndADeepChainAreWarnings() {
        CliRun run = lint("--format", "json");

        assertThat(run.out())
                .contains("{\"kind\": \"cascade-cycle\", \"severity\": \"warn\", \"tables\": [\"" + t("nodes_a")
                        + "\", \"" + t("nodes_b") + "\"]")
                .contains("{\"kind\": \"cascade-too-deep\", \"severity\": \"warn\", \"tables\": [\"" + t("l0")
                        + "\", \"" + t("l1") + "\", \"" + t("l2") + "\", \"" + t("l3") + "\", \"" + t("l4") + "\", \""
                        + t("l5") + "\"]");
        assertThat(lint("--format", "json", "--max-depth", "5").out()).doesNotContain("cascade-too-deep");
    }

    @Test
    void setNullOnAReferencedColumnCutsItsRowsLoose() {
        assertThat(lint("--format", "json").out())
                .contains("{\"kind\": \"set-null-referenced-column\", \"severity\": \"warn\", \"tables\": [\""
                        + t("codes") + "\", \"" + t("badges") + "\", \"" + t("awards") + "\"]");
    }

    @Test
    void anUnindexedCascadingKeyIsAWarningWhereTheDatabaseLeavesItUnindexed() {
        String out = lint("--format", "json").out();
        String finding = "{\"kind\": \"unindexed-foreign-key\", \"severity\": \"warn\", \"tables\": [\"" + t("orders")
                + "\", \"" + t("invoices") + "\"]";
        if (indexesForeignKeysItself()) {
            assertThat(out).doesNotContain("unindexed-foreign-key");
        } else {
            assertThat(out).contains(finding);
            // the composite index (order_id, id) leads with order_id: order_items is covered
            assertThat(out).doesNotContain("\"tables\": [\"" + t("orders") + "\", \"" + t("order_items") + "\"], "
                    + "\"constraints\": [\"" + fk("fk_items_order", "order_items", 0) + "\"], \"message\": \"no index");
        }
    }

    @Test
    void picturesAreMermaidAndDot() {
        CliRun mermaid = lint("--format", "mermaid");
        assertThat(mermaid.exitCode()).as(mermaid.err()).isEqualTo(0);
        assertThat(mermaid.out()).startsWith("flowchart LR\n").contains("[\"" + t("organizations") + "<br/>1 row deleted\"]");
        CliRun dot = lint("--format", "dot");
        assertThat(dot.out()).startsWith("digraph cascade {").contains("label=\"" + t("organizations")
                + "\\n1 row deleted\"");
        CliRun markdown = lint("--format", "markdown");
        assertThat(markdown.out()).contains("| `cascade-tree` |", "```mermaid\nflowchart LR");
    }

    @Test
    void anUnreachableDatabaseIsExit2() {
        CliRun run = CliRun.of("lint", "--url", "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cascade-guard: ");
    }
}

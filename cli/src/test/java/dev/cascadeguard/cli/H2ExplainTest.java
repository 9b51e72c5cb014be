package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class H2ExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    String t(String table) {
        return table.toUpperCase(Locale.ROOT);
    }

    @Test
    void upperCaseNamesAsH2StoresThem() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "DELETE FROM ORGANIZATIONS WHERE ID = 2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        // globex: 1 user, 1 order, 1 item, 1 invoice
        assertThat(run.out()).contains("\"target\": \"ORGANIZATIONS\"", "\"totalRows\": 5,");
    }

    /** An UPDATE of a referenced key is explained as kind UPDATE; the shop's keys have no ON UPDATE rule: refused. */
    @Test
    void anUpdateOfAReferencedKeyIsExplainedAsKindUpdate() {
        CliRun run = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "UPDATE ORGANIZATIONS SET ID = 99 WHERE ID = 2");
        assertThat(run.out()).as(run.err()).contains("\"kind\": \"UPDATE\"", "\"action\": \"RESTRICT\"",
                "\"wouldFail\": true");
        CliRun plain = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "json",
                "UPDATE ORGANIZATIONS SET NAME = 'x' WHERE ID = 2");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(0);
        assertThat(plain.out()).doesNotContain("\"kind\": \"UPDATE\"");
    }

    /** Pictures: the rows on the arrows, a reference that makes the delete fail dashed and marked. */
    @Test
    void picturesMarkTheReferencesThatWouldFail() throws Exception {
        db.execute("create table notes (id int primary key, org_id int references organizations(id))",
                "insert into notes values (1, 2)");
        CliRun dot = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "dot",
                "DELETE FROM ORGANIZATIONS WHERE ID = 2");
        assertThat(dot.exitCode()).as(dot.err()).isEqualTo(0);
        assertThat(dot.out()).contains("[label=\"NOTES\\nwould fail the statement\", fillcolor=\"#f1f3f5\"")
                .contains("[label=\"1 row · RESTRICT\", style=dashed")
                .contains("[label=\"1 row · DELETE\"]");
        CliRun mermaid = CliRun.of("explain", "--url", db.jdbcUrl(), "--format", "mermaid",
                "DELETE FROM ORGANIZATIONS WHERE ID = 2");
        assertThat(mermaid.out()).contains(" -.->|\"1 row · RESTRICT\"| ").contains("wouldFail");
        assertThat(db.count("notes")).isEqualTo(1);
    }
}

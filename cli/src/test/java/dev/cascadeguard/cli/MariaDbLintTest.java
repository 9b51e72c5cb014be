package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Skips with a message when MariaDB is not on 127.0.0.1:3306 (fails instead when CI=true). MariaDB refuses SET NULL on
 * a NOT NULL column and keeps SET DEFAULT as RESTRICT, so {@link LintSchema} leaves those keys out here.
 */
class MariaDbLintTest extends LintContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    String t(String name) {
        return name;
    }

    @Override
    boolean indexesForeignKeysItself() {
        return true;
    }

    /** InnoDB fails a cascade deeper than 15 levels: a chain of 16 keys is an error, not a depth warning. */
    @Test
    void aChainPastInnoDbsDepthLimitIsAnError() throws Exception {
        db.execute(LintSchema.chain("d", 16).toArray(String[]::new));
        db.execute("insert into d0 values (0)");
        for (int i = 1; i <= 16; i++) {
            db.execute("insert into d" + i + " values (0, 0)");
        }
        CliRun run = lint("--format", "json", "--fail-on", "error");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("{\"kind\": \"innodb-depth-limit\", \"severity\": \"error\", \"tables\": [\"d0\", ")
                .contains("cascades from d0 go 16 levels deep; MariaDB fails any delete whose cascade passes level 14");
        // the database agrees: the delete at the root fails
        try (Statement statement = db.connection().createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.executeUpdate("delete from d0"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
        assertThat(db.count("d16")).isEqualTo(1);
    }

    /** InnoDB does not fire triggers for rows a cascade deletes: lint says so, and the database shows it. */
    @Test
    void triggersOnACascadedTableDoNotFire() throws Exception {
        db.execute("create table audit (item int)",
                "create trigger items_deleted after delete on order_items for each row insert into audit values (old.id)");
        assertThat(lint("--format", "json").out())
                .contains("{\"kind\": \"cascade-into-trigger\", \"severity\": \"warn\", \"tables\": [\"orders\", "
                        + "\"order_items\"], \"constraints\": [\"fk_items_order\"]")
                .contains("MariaDB does not fire them for rows a cascade deletes");
        db.execute("delete from orders where id = 1");
        assertThat(db.count("order_items")).isEqualTo(7);
        assertThat(db.count("audit")).as("cascaded deletes fired no trigger").isZero();
    }

    /**
     * MariaDB accepts ON DELETE SET DEFAULT and keeps RESTRICT, silently: afterwards the catalog cannot tell them
     * apart, so lint shows a RESTRICT reference (the delete fails), as the database behaves, and no SET DEFAULT finding.
     */
    @Test
    void setDefaultReadsBackAsRestrict() throws Exception {
        db.execute("create table cats (id int primary key)", "insert into cats values (0), (1)",
                "create table toys (id int primary key, cat_id int default 0,"
                        + " constraint fk_toys_cat foreign key (cat_id) references cats(id) on delete set default)",
                "insert into toys values (1, 1)");
        String out = lint("--format", "json").out();
        assertThat(out).doesNotContain("set-default").doesNotContain("\"tables\": [\"cats\"");
        assertThatThrownBy(() -> db.execute("delete from cats where id = 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("foreign key constraint fails");
        assertThat(db.count("toys where cat_id = 1")).isEqualTo(1);
    }
}

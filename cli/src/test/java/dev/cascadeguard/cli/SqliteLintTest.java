package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteLintTest extends LintContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    String t(String name) {
        return name;
    }

    /** SQLite keeps no constraint names: the dialect names each key fk_child_id. */
    @Override
    String fk(String declared, String child, int sqliteId) {
        return "fk_" + child + "_" + sqliteId;
    }

    @Override
    boolean indexesForeignKeysItself() {
        return false;
    }

    @Test
    void setDefaultAndSetNullThatCannotWork() {
        String out = lint("--format", "json").out();
        assertThat(out)
                .contains("{\"kind\": \"set-default-no-parent\", \"severity\": \"error\", \"tables\": [\"categories\", "
                        + "\"products\"], \"constraints\": [\"fk_products_0\"]")
                .contains("{\"kind\": \"set-default-no-default\", \"severity\": \"warn\", \"tables\": [\"tags\", "
                        + "\"posts\"]")
                .contains("{\"kind\": \"set-null-not-null\", \"severity\": \"error\", \"tables\": [\"owners\", "
                        + "\"pets\"]")
                .doesNotContain("truncate-cascade-reach");
    }

    @Test
    void aCascadeIntoATableWithADeleteTrigger() throws Exception {
        db.execute("create table audit (item int)",
                "create trigger items_deleted after delete on order_items begin "
                        + "insert into audit values (old.id); end");
        assertThat(lint("--format", "json").out())
                .contains("{\"kind\": \"cascade-into-trigger\", \"severity\": \"warn\", \"tables\": [\"orders\", "
                        + "\"order_items\"], \"constraints\": [\"fk_order_items_0\"]");
    }
}

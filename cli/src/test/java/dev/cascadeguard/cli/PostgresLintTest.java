package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Skips with a message when PostgreSQL is not on 127.0.0.1:5432 (fails instead when CI=true). */
class PostgresLintTest extends LintContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    String t(String name) {
        return name;
    }

    @Override
    boolean indexesForeignKeysItself() {
        return false;
    }

    /** PostgreSQL checks the SET DEFAULT value against the parent, and writes NULL where there is no default. */
    @Test
    void setDefaultAndSetNullThatCannotWork() throws Exception {
        String out = lint("--format", "json").out();
        assertThat(out)
                .contains("{\"kind\": \"set-default-no-parent\", \"severity\": \"error\", \"tables\": [\"categories\", "
                        + "\"products\"], \"constraints\": [\"fk_products_category\"]")
                .contains("to its default, which no row of categories has: deleting a referenced row of categories "
                        + "fails")
                .contains("{\"kind\": \"set-default-no-default\", \"severity\": \"warn\", \"tables\": [\"tags\", "
                        + "\"posts\"], \"constraints\": [\"fk_posts_tag\"], \"message\": \"fk_posts_tag is ON DELETE "
                        + "SET DEFAULT but posts.tag_id has no default: it writes NULL (SET NULL in disguise)\"")
                .contains("{\"kind\": \"set-null-not-null\", \"severity\": \"error\", \"tables\": [\"owners\", "
                        + "\"pets\"], \"constraints\": [\"fk_pets_owner\"]");
        // the database agrees on both errors
        db.execute("insert into owners values (1)", "insert into pets values (1, 1)",
                "insert into products values (1, 1)");
        assertThatThrownBy(() -> db.execute("delete from owners")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23502"));
        assertThatThrownBy(() -> db.execute("delete from categories")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
        assertThat(db.count("pets") + db.count("categories")).isEqualTo(2);
    }

    @Test
    void aCascadeIntoATableWithDeleteTriggersOrRules() throws Exception {
        db.execute("create table audit (id serial primary key, item int)",
                "create function log_item() returns trigger language plpgsql as "
                        + "$$ begin insert into audit(item) values (old.id); return old; end $$",
                "create trigger items_deleted after delete on order_items for each row execute function log_item()",
                "create rule keep_invoices as on delete to invoices do also insert into audit(item) values (old.id)");
        String out = lint("--format", "json").out();
        assertThat(out)
                .contains("{\"kind\": \"cascade-into-trigger\", \"severity\": \"warn\", \"tables\": [\"orders\", "
                        + "\"order_items\"], \"constraints\": [\"fk_items_order\"]")
                .contains("{\"kind\": \"cascade-into-trigger\", \"severity\": \"warn\", \"tables\": [\"orders\", "
                        + "\"invoices\"], \"constraints\": [\"fk_invoices_order\"]");
    }

    /** TRUNCATE … CASCADE follows every key, RESTRICT and NO ACTION ones too (awards → badges is NO ACTION). */
    @Test
    void truncateCascadeReachPerTable() {
        String out = lint("--format", "json").out();
        assertThat(out)
                .contains("{\"kind\": \"truncate-cascade-reach\", \"severity\": \"info\", \"tables\": [\"codes\", "
                        + "\"badges\", \"awards\"], \"constraints\": [\"fk_badges_code\"], \"message\": \"TRUNCATE "
                        + "codes CASCADE also empties 2 tables (~0 rows): badges, awards\"")
                .contains("\"message\": \"TRUNCATE organizations CASCADE also empties 4 tables (~22 rows): users, ");
    }
}

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

    /**
     * After ANALYZE, pg_stats names the most common parent of each key: the heaviest root row. The seed article's
     * shape: 3 organizations with 40, 12 and 5 users; 40, 25 and 10 orders per user.
     */
    @Test
    void statisticsNameTheHeaviestRootRow() throws Exception {
        db.execute("create table d_orgs (id int primary key)",
                "create table d_users (id int primary key, org_id int not null references d_orgs(id) on delete cascade)",
                "create index on d_users(org_id)",
                "create table d_orders (id int primary key, user_id int not null references d_users(id) on delete cascade)",
                "create index on d_orders(user_id)",
                "insert into d_orgs values (1), (2), (3)",
                "insert into d_users select u, case when u <= 40 then 1 when u <= 52 then 2 else 3 end"
                        + " from generate_series(1, 57) u",
                "insert into d_orders select u.id * 100 + n, u.id from d_users u, generate_series(1, 40) n"
                        + " where n <= case u.org_id when 1 then 40 when 2 then 25 else 10 end",
                "analyze d_orgs", "analyze d_users", "analyze d_orders");

        String out = lint("--no-color").out();
        assertThat(out).containsPattern("└─ d_users +~19 \\(up to ~40\\)  CASCADE")
                .containsPattern("└─ d_orders +~650 \\(up to ~1,600\\)  CASCADE")
                .contains("deleting 1 row of d_orgs deletes ~670 rows (the heaviest root row up to ~1,641) in 3 tables,"
                        + " 2 levels deep: 1 d_orgs → ~19 (up to ~40) d_users → ~650 (up to ~1,600) d_orders"
                        + " (estimates from pg_class.reltuples)");
        assertThat(db.count("d_orders where user_id in (select id from d_users where org_id = 1)")).isEqualTo(1600);
    }
}

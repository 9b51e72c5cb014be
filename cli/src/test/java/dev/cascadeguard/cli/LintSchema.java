package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schemas of the seed articles' checklist, one hazard each, for {@code lint}:
 * <ul>
 *   <li>the shop: organizations → users → orders → order_items and invoices, all CASCADE (invoices.order_id has
 *       no index of its own: the unindexed cascade)</li>
 *   <li>SET DEFAULT whose default (0) has no parent row (products), SET DEFAULT without a default (posts)</li>
 *   <li>SET NULL on a NOT NULL column (pets), SET NULL on a column another key references (badges.code, referenced
 *       by awards)</li>
 *   <li>a cycle of cascades (nodes_a ⇄ nodes_b) and a chain 5 levels deep (l0 → … → l5)</li>
 * </ul>
 * MariaDB refuses SET NULL on a NOT NULL column and turns SET DEFAULT into RESTRICT, so those tables are left out
 * there (HSQLDB refuses SET DEFAULT without a default and SET NULL
 * on a NOT NULL column); SQLite cannot add a constraint later, so its cycle is declared with a forward reference.
 */
final class LintSchema {

    private LintSchema() {
    }

    static void create(TestDb db) throws SQLException {
        TestDatabase database = db.database();
        List<String> sql = new ArrayList<>(List.of(
                "create table organizations (id int primary key, name varchar(40) not null)",
                "create table users (id int primary key, org_id int not null,"
                        + " constraint fk_users_org foreign key (org_id) references organizations(id) on delete cascade)",
                "create index users_org on users(org_id)",
                "create table orders (id int primary key, user_id int not null,"
                        + " constraint fk_orders_user foreign key (user_id) references users(id) on delete cascade)",
                "create index orders_user on orders(user_id)",
                "create table order_items (id int primary key, order_id int not null,"
                        + " constraint fk_items_order foreign key (order_id) references orders(id) on delete cascade)",
                "create index items_order on order_items(order_id, id)",
                "create table invoices (id int primary key, order_id int not null,"
                        + " constraint fk_invoices_order foreign key (order_id) references orders(id) on delete cascade)",
                "insert into organizations values (1, 'acme'), (2, 'globex')",
                "insert into users values (1, 1), (2, 1), (3, 2)",
                "insert into orders values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)",
                "insert into order_items values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), (9, 5)",
                "insert into invoices values (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)",
                "create table codes (id int primary key)",
                "create table badges (id int primary key, code int unique,"
                        + " constraint fk_badges_code foreign key (code) references codes(id) on delete set null)",
                "create index badges_code on badges(code)",
                "create table awards (id int primary key, badge_code int,"
                        + " constraint fk_awards_badge foreign key (badge_code) references badges(code))",
                "create index awards_badge on awards(badge_code)"));
        if (database != TestDatabase.MARIADB) {
            sql.addAll(List.of(
                    "create table categories (id int primary key)",
                    "insert into categories values (1)",
                    "create table products (id int primary key, category_id int default 0,"
                            + " constraint fk_products_category foreign key (category_id) references categories(id)"
                            + " on delete set default)",
                    "create index products_category on products(category_id)"));
        }
        if (database != TestDatabase.MARIADB && database != TestDatabase.HSQLDB) {
            // HSQLDB refuses both keys when declared, MariaDB the SET NULL one; the others fail each delete instead
            sql.addAll(List.of(
                    "create table tags (id int primary key)",
                    "create table posts (id int primary key, tag_id int,"
                            + " constraint fk_posts_tag foreign key (tag_id) references tags(id) on delete set default)",
                    "create index posts_tag on posts(tag_id)",
                    "create table owners (id int primary key)",
                    "create table pets (id int primary key, owner_id int not null,"
                            + " constraint fk_pets_owner foreign key (owner_id) references owners(id) on delete set null)",
                    "create index pets_owner on pets(owner_id)"));
        }
        if (database == TestDatabase.SQLITE) {
            sql.addAll(List.of(
                    "create table nodes_a (id int primary key, b_id int,"
                            + " constraint fk_a_b foreign key (b_id) references nodes_b(id) on delete cascade)",
                    "create table nodes_b (id int primary key, a_id int,"
                            + " constraint fk_b_a foreign key (a_id) references nodes_a(id) on delete cascade)"));
        } else {
            sql.addAll(List.of(
                    "create table nodes_a (id int primary key, b_id int)",
                    "create table nodes_b (id int primary key, a_id int,"
                            + " constraint fk_b_a foreign key (a_id) references nodes_a(id) on delete cascade)",
                    "alter table nodes_a add constraint fk_a_b foreign key (b_id) references nodes_b(id)"
                            + " on delete cascade"));
        }
        sql.addAll(List.of("create index nodes_a_b on nodes_a(b_id)", "create index nodes_b_a on nodes_b(a_id)"));
        sql.addAll(chain("l", 5));
        db.execute(sql.toArray(String[]::new));
    }

    /** Tables prefix0 … prefixN, each referencing the one before ON DELETE CASCADE, indexed. */
    static List<String> chain(String prefix, int levels) {
        List<String> sql = new ArrayList<>();
        sql.add("create table " + prefix + "0 (id int primary key)");
        for (int i = 1; i <= levels; i++) {
            sql.add("create table " + prefix + i + " (id int primary key, up int, constraint fk_" + prefix + i
                    + " foreign key (up) references " + prefix + (i - 1) + "(id) on delete cascade)");
            sql.add("create index " + prefix + i + "_up on " + prefix + i + "(up)");
        }
        return sql;
    }
}

package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDb;

import java.sql.SQLException;

/**
 * organizations → users → orders → order_items and invoices, every foreign key ON DELETE CASCADE.
 * Organization 1 reaches 19 rows (1 + 2 users + 4 orders + 8 items + 4 invoices), organization 2 reaches 5.
 */
final class ShopSchema {

    static final String[] TABLES = {"organizations", "users", "orders", "order_items", "invoices"};

    private ShopSchema() {
    }

    static void create(TestDb db) throws SQLException {
        db.execute(
                "create table organizations (id int primary key, name varchar(40) not null)",
                "create table users (id int primary key, org_id int not null references organizations(id) on delete cascade)",
                "create table orders (id int primary key, user_id int not null references users(id) on delete cascade)",
                "create table order_items (id int primary key, order_id int not null references orders(id) on delete cascade)",
                "create table invoices (id int primary key, order_id int not null references orders(id) on delete cascade)",
                "insert into organizations values (1, 'acme'), (2, 'globex')",
                "insert into users values (1, 1), (2, 1), (3, 2)",
                "insert into orders values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)",
                "insert into order_items values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), (9, 5)",
                "insert into invoices values (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)");
    }

    /** Row counts of every table, in {@link #TABLES} order, to show that explain changed nothing. */
    static long[] counts(TestDb db) throws SQLException {
        long[] counts = new long[TABLES.length];
        for (int i = 0; i < TABLES.length; i++) {
            counts[i] = db.count(TABLES[i]);
        }
        return counts;
    }
}

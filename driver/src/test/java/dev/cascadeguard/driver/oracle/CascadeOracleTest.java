package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static dev.cascadeguard.driver.oracle.Sql.fk;
import static dev.cascadeguard.driver.oracle.Sql.insert;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static dev.cascadeguard.report.EffectAction.RESTRICT;
import static dev.cascadeguard.report.EffectAction.SET_DEFAULT;
import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static dev.cascadeguard.driver.oracle.Oracle.expectReal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's prediction against what the database really does (see {@link Oracle}), on H2, PostgreSQL, SQLite and
 * MariaDB (where the schema can be expressed: MariaDB has no SET DEFAULT). Each test also pins the real counts it
 * expects, so a broken fixture cannot make the comparison vacuous.
 */
class CascadeOracleTest {

    private static void expectFailed(Oracle.Outcome o, boolean failed) {
        assertThat(o.failure() != null).as("fixture sanity: the database %s the statement\n%s",
                failed ? "should refuse" : "should accept", o.describe()).isEqualTo(failed);
    }

    // ---------------------------------------------------------------- seed article 1

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void organizationsFanOut(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table organizations (id int primary key, name varchar(50))",
                    "create table users (id int primary key, org_id int, "
                            + fk("fk_users_org", "org_id", "organizations", "id", "cascade") + ")",
                    "create table orders (id int primary key, user_id int, "
                            + fk("fk_orders_user", "user_id", "users", "id", "cascade") + ")",
                    "create table order_items (id int primary key, order_id int, "
                            + fk("fk_items_order", "order_id", "orders", "id", "cascade") + ")",
                    "create table invoices (id int primary key, order_id int, "
                            + fk("fk_invoices_order", "order_id", "orders", "id", "cascade") + ")");
            List<String> orgs = Sql.list(), users = Sql.list(), orders = Sql.list(), items = Sql.list(),
                    invoices = Sql.list();
            String[] names = {"test-org", "other", "third"};
            for (int o = 1; o <= 3; o++) {
                orgs.add(o + ", '" + names[o - 1] + "'");
                for (int u = 0; u < 10; u++) {
                    int user = o * 100 + u;
                    users.add(user + ", " + o);
                    for (int r = 0; r < 5; r++) {
                        int order = user * 10 + r;
                        orders.add(order + ", " + user);
                        for (int i = 0; i < 2; i++) {
                            items.add(order * 10 + i + ", " + order);
                        }
                        if (r % 2 == 0) {
                            invoices.add(order + ", " + order);
                        }
                    }
                }
            }
            db.execute(insert("organizations", orgs), insert("users", users), insert("orders", orders),
                    insert("order_items", items), insert("invoices", invoices));
            try (Oracle oracle = Oracle.open(db, "organizations", "users", "orders", "order_items", "invoices")) {
                Oracle.Outcome o = oracle.check("DELETE FROM organizations WHERE name = 'test-org'");
                expectReal(o, "users", DELETE, 10);
                expectReal(o, "orders", DELETE, 50);
                expectReal(o, "order_items", DELETE, 100);
                expectReal(o, "invoices", DELETE, 30);

                o = oracle.check("DELETE FROM organizations WHERE name = ?", "test-org");
                expectReal(o, "order_items", DELETE, 100);

                o = oracle.check("DELETE FROM organizations WHERE name <> ?", "test-org");
                expectReal(o, "order_items", DELETE, 200);

                o = oracle.check("DELETE FROM organizations WHERE name = ?", "no such org");
                expectReal(o, "organizations", DELETE, 0);

                // a middle table as the target
                o = oracle.check("DELETE FROM orders WHERE user_id IN (100, 101, 205)");
                expectReal(o, "order_items", DELETE, 30);
            }
        }
    }

    // ---------------------------------------------------------------- seed article 2

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void onePairPerAction(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            String[][] pairs = {{"restrict", "restrict"}, {"cascade", "cascade"}, {"noaction", "no action"},
                    {"setnull", "set null"}, {"setdefault", "set default"}};
            for (String[] pair : pairs) {
                if (kind == TestDatabase.MARIADB && pair[0].equals("setdefault")) {
                    continue; // MariaDB drops SET DEFAULT silently and acts as RESTRICT (docs §3)
                }
                String users = "users_" + pair[0];
                String posts = "posts_" + pair[0];
                String deflt = pair[0].equals("setdefault") ? " default 0" : "";
                db.execute("create table " + users + " (id int primary key, name varchar(50))",
                        "create table " + posts + " (id int primary key, title varchar(50), author_id int" + deflt
                                + ", " + fk("fk_" + posts, "author_id", users, "id", pair[1]) + ")",
                        insert(users, "0, 'default author'", "1, 'alice'", "2, 'bob'", "3, 'carol'"),
                        insert(posts, "10, 'a1', 1", "11, 'a2', 1", "12, 'a3', 1", "20, 'd', 0", "30, 'c', 3"));
            }
            for (String[] pair : pairs) {
                if (kind == TestDatabase.MARIADB && pair[0].equals("setdefault")) {
                    continue;
                }
                String users = "users_" + pair[0];
                String posts = "posts_" + pair[0];
                try (Oracle oracle = Oracle.open(db, users, posts)) {
                    Oracle.Outcome alice = oracle.check("DELETE FROM " + users + " WHERE name = 'alice'");
                    boolean blocks = pair[0].equals("restrict") || pair[0].equals("noaction");
                    expectFailed(alice, blocks);
                    if (blocks) {
                        assertThat(alice.predicted(posts, RESTRICT)).as("restricting posts\n%s", alice.describe())
                                .isEqualTo(3);
                    }
                    switch (pair[0]) {
                        case "cascade" -> expectReal(alice, posts, DELETE, 3);
                        case "setnull" -> expectReal(alice, posts, SET_NULL, 3);
                        case "setdefault" -> expectReal(alice, posts, SET_DEFAULT, 3);
                        default -> { }
                    }
                    // bob has no posts: nothing restricts, nothing else changes
                    Oracle.Outcome bob = oracle.check("DELETE FROM " + users + " WHERE id = ?", 2);
                    expectFailed(bob, false);
                    expectReal(bob, users, DELETE, 1);
                    // alice and carol together
                    Oracle.Outcome two = oracle.check("DELETE FROM " + users + " WHERE id IN (1, 3)");
                    expectFailed(two, blocks);
                }
            }
        }
    }

    // ---------------------------------------------------------------- classic pairs

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void classicPairs(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table authors (id int primary key, name varchar(50))",
                    "create table books (id int primary key, author_id int, "
                            + fk("fk_books_author", "author_id", "authors", "id", "cascade") + ")",
                    "create table blog_posts (id int primary key, title varchar(50))",
                    "create table comments (id int primary key, post_id int, "
                            + fk("fk_comments_post", "post_id", "blog_posts", "id", "cascade") + ")",
                    "create table departments (id int primary key, name varchar(50))",
                    "create table employees (id int primary key, department_id int, "
                            + fk("fk_emp_dept", "department_id", "departments", "id", "set null") + ")",
                    "create table order_statuses (id int primary key, name varchar(20))",
                    "create table orders (id int primary key, status_id int, "
                            + fk("fk_orders_status", "status_id", "order_statuses", "id", "restrict") + ")",
                    insert("authors", "1, 'a'", "2, 'b'", "3, 'c'"),
                    insert("books", "1, 1", "2, 1", "3, 2", "4, 1", "5, null"),
                    insert("blog_posts", "1, 'p1'", "2, 'p2'"),
                    insert("comments", "1, 1", "2, 1", "3, 1", "4, 2"),
                    insert("departments", "1, 'eng'", "2, 'ops'", "3, 'empty'"),
                    insert("employees", "1, 1", "2, 1", "3, 2", "4, null"),
                    insert("order_statuses", "1, 'new'", "2, 'shipped'", "3, 'unused'"),
                    insert("orders", "1, 1", "2, 1", "3, 2"));
            try (Oracle oracle = Oracle.open(db, "authors", "books", "blog_posts", "comments", "departments",
                    "employees", "order_statuses", "orders")) {
                expectReal(oracle.check("DELETE FROM authors WHERE id = 1"), "books", DELETE, 3);
                expectReal(oracle.check("DELETE FROM authors"), "books", DELETE, 4);
                expectReal(oracle.check("DELETE FROM blog_posts WHERE title = ?", "p1"), "comments", DELETE, 3);
                expectReal(oracle.check("DELETE FROM departments WHERE id IN (1, 3)"), "employees", SET_NULL, 2);
                expectReal(oracle.check("DELETE FROM departments"), "employees", SET_NULL, 3);
                Oracle.Outcome status = oracle.check("DELETE FROM order_statuses WHERE name = 'new'");
                expectFailed(status, true);
                assertThat(status.predicted("orders", RESTRICT)).as(status.describe()).isEqualTo(2);
                expectFailed(oracle.check("DELETE FROM order_statuses WHERE id = 3"), false);
            }
        }
    }

    // ---------------------------------------------------------------- self-referencing tree

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void selfReferencingTree(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table employees (id int primary key, name varchar(20), manager_id int, "
                    + fk("fk_emp_manager", "manager_id", "employees", "id", "cascade") + ")");
            // level 1: 1; level 2: 2..4; level 3: 10*vp + 0..2; level 4: 10*manager + 100 .. (4 each)
            List<String> rows = Sql.list();
            rows.add("1, 'ceo', null");
            for (int vp = 2; vp <= 4; vp++) {
                rows.add(vp + ", 'vp', 1");
                for (int m = 0; m < 3; m++) {
                    int manager = vp * 10 + m;
                    rows.add(manager + ", 'manager', " + vp);
                    for (int s = 0; s < 4; s++) {
                        rows.add(manager * 10 + 1000 + s + ", 'staff', " + manager);
                    }
                }
            }
            db.execute(insert("employees", rows));
            try (Oracle oracle = Oracle.open(db, "employees")) {
                expectReal(oracle.check("DELETE FROM employees WHERE id = 2"), "employees", DELETE, 1 + 3 + 12);
                expectReal(oracle.check("DELETE FROM employees WHERE id = ?", 31), "employees", DELETE, 5);
                // overlapping subtrees: 3 contains 30; 4 is disjoint; 1310 is a leaf inside 31 ⊂ 3
                expectReal(oracle.check("DELETE FROM employees WHERE id IN (3, 30, 1310, 42)"), "employees",
                        DELETE, 16 + 5);
                expectReal(oracle.check("DELETE FROM employees WHERE name = 'staff'"), "employees", DELETE, 36);
                expectReal(oracle.check("DELETE FROM employees WHERE id = 1"), "employees", DELETE, 49);
            }
        }
    }

    // ---------------------------------------------------------------- diamond

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void diamondCountsSharedRowsOnce(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table a (id int primary key, p_id int, " + fk("fk_a_p", "p_id", "p", "id", "cascade") + ")",
                    "create table b (id int primary key, p_id int, " + fk("fk_b_p", "p_id", "p", "id", "cascade") + ")",
                    "create table c (id int primary key, a_id int, b_id int, "
                            + fk("fk_c_a", "a_id", "a", "id", "cascade") + ", "
                            + fk("fk_c_b", "b_id", "b", "id", "cascade") + ")",
                    insert("p", "1", "2", "3"),
                    insert("a", "10, 1", "20, 2", "30, 3"),
                    insert("b", "11, 1", "21, 2", "31, 3"),
                    insert("c", "100, 10, 11", "300, 10, 21", "400, 20, 11", "500, 20, 21", "600, 10, 11",
                            "700, 30, 31"));
            try (Oracle oracle = Oracle.open(db, "p", "a", "b", "c")) {
                // c100, c600 by both paths, c300 by a, c400 by b
                expectReal(oracle.check("DELETE FROM p WHERE id = 1"), "c", DELETE, 4);
                expectReal(oracle.check("DELETE FROM p WHERE id IN (1, 2)"), "c", DELETE, 5);
                expectReal(oracle.check("DELETE FROM p WHERE id = 3"), "c", DELETE, 1);
            }
        }
    }

    /**
     * A row reached by CASCADE on one path and SET NULL on another ends up deleted (docs §4), counted once; HSQLDB
     * refuses the statement instead, as the SQL standard says (27000, docs §11).
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void cascadeWinsOverSetNull(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table x (id int primary key, p_id int, " + fk("fk_x_p", "p_id", "p", "id", "cascade") + ")",
                    "create table c (id int primary key, x_id int, p_id int, "
                            + fk("fk_c_x", "x_id", "x", "id", "cascade") + ", "
                            + fk("fk_c_p", "p_id", "p", "id", "set null") + ")",
                    insert("p", "1", "2"), insert("x", "10, 1", "20, 2"),
                    insert("c", "100, 10, 1", "200, 20, 1", "300, 10, 2", "400, null, 1"));
            try (Oracle oracle = Oracle.open(db, "p", "x", "c")) {
                Oracle.Outcome o = oracle.check("DELETE FROM p WHERE id = 1");
                if (kind == TestDatabase.HSQLDB) {
                    expectFailed(o, true);
                    assertThat(o.failure().getSQLState()).isEqualTo("27000");
                    assertThat(o.predicted("c", RESTRICT)).as("c100: deleted through x10 and set NULL through p1\n%s",
                            o.describe()).isEqualTo(1);
                } else {
                    expectReal(o, "c", DELETE, 2);
                    expectReal(o, "c", SET_NULL, 2);
                }
                // p2: c300 is set NULL and survives (x10 stays), c200 is deleted through x20: no row is both
                o = oracle.check("DELETE FROM p WHERE id = 2");
                expectReal(o, "c", DELETE, 1);
                expectReal(o, "c", SET_NULL, 1);
            }
        }
    }

    // ---------------------------------------------------------------- composite key

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void compositeKey(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table parent (a int not null, b int not null, name varchar(10), primary key (a, b))",
                    "create table child (id int primary key, pa int, pb int, "
                            + fk("fk_child_parent", "pa, pb", "parent", "a, b", "cascade") + ")",
                    "create table grandchild (id int primary key, child_id int, "
                            + fk("fk_gc_child", "child_id", "child", "id", "cascade") + ")",
                    "create table nullable_child (id int primary key, pa int, pb int, "
                            + fk("fk_nc_parent", "pa, pb", "parent", "a, b", "set null") + ")",
                    insert("parent", "1, 1, 'x'", "1, 2, 'y'", "2, 1, 'z'", "2, 2, 'w'"),
                    // child 7 (1, NULL) references nothing (MATCH SIMPLE): no action reaches it
                    insert("child", "1, 1, 1", "2, 1, 2", "3, 2, 1", "4, 2, 2", "5, 1, 1", "6, null, null",
                            "7, 1, null"),
                    insert("grandchild", "1, 1", "2, 1", "3, 2", "4, 3", "5, 5", "6, 6"),
                    // (2, 1): row 3 matches on a=2 and b=1; (1, 2) is a different key from (2, 1)
                    insert("nullable_child", "1, 1, 2", "2, 2, 1", "3, 1, 1", "4, 1, null"));
            try (Oracle oracle = Oracle.open(db, "parent:a,b", "child", "grandchild", "nullable_child")) {
                Oracle.Outcome o = oracle.check("DELETE FROM parent WHERE a = 1");
                expectReal(o, "child", DELETE, 3);
                expectReal(o, "grandchild", DELETE, 4);
                expectReal(o, "nullable_child", SET_NULL, 2);
                // key pairs must match column for column: (1, 2) must not pick up (2, 1)
                o = oracle.check("DELETE FROM parent WHERE a = 1 AND b = 2");
                expectReal(o, "child", DELETE, 1);
                expectReal(o, "nullable_child", SET_NULL, 1);
                o = oracle.check("DELETE FROM parent WHERE name = ?", "z");
                expectReal(o, "grandchild", DELETE, 1);
            }
        }
    }

    // ---------------------------------------------------------------- RESTRICT deep inside a cascade

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void restrictDeepInsideCascade(TestDatabase kind) throws Exception {
        for (String rule : List.of("restrict", "no action")) {
            try (TestDb db = kind.create()) {
                // d is outside the cascade: its references to deleted c rows survive whatever the engine's order
                db.execute("create table a (id int primary key)",
                        "create table b (id int primary key, a_id int, " + fk("fk_b_a", "a_id", "a", "id", "cascade") + ")",
                        "create table c (id int primary key, b_id int, " + fk("fk_c_b", "b_id", "b", "id", "cascade") + ")",
                        "create table d (id int primary key, c_id int, " + fk("fk_d_c", "c_id", "c", "id", rule) + ")",
                        insert("a", "1", "2", "3"),
                        insert("b", "10, 1", "11, 1", "20, 2", "30, 3"),
                        insert("c", "100, 10", "101, 10", "110, 11", "200, 20", "300, 30"),
                        insert("d", "1, 101", "2, 110", "3, 110", "4, 300", "5, null"));
                try (Oracle oracle = Oracle.open(db, "a", "b", "c", "d")) {
                    Oracle.Outcome fails = oracle.check("DELETE FROM a WHERE id = 1");
                    expectFailed(fails, true);
                    assertThat(fails.predicted("d", RESTRICT)).as("%s: d rows in the way\n%s", rule, fails.describe())
                            .isEqualTo(3);
                    Oracle.Outcome ok = oracle.check("DELETE FROM a WHERE id = 2");
                    expectFailed(ok, false);
                    expectReal(ok, "c", DELETE, 1);
                    expectFailed(oracle.check("DELETE FROM a WHERE id IN (2, 3)"), true);
                }
            }
        }
    }

    // ---------------------------------------------------------------- SET DEFAULT without a parent row

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "HSQLDB"})
    void setDefaultWithoutParentRow(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int default 99, "
                            + fk("fk_c_p", "pid", "p", "id", "set default") + ")",
                    insert("p", "1", "2", "3"),
                    insert("c", "10, 1", "11, 1", "30, 3"));
            try (Oracle oracle = Oracle.open(db, "p", "c")) {
                Oracle.Outcome o = oracle.run("DELETE FROM p WHERE id = 1");
                // docs/database-semantics.md §3: PostgreSQL and SQLite re-check the FK after SET DEFAULT and
                // refuse (99 has no parent); H2 never re-checks and leaves orphans pointing at 99.
                expectFailed(o, kind != TestDatabase.H2);
                Oracle.assertMatches(o);
                if (kind == TestDatabase.H2) {
                    expectReal(o, "c", SET_DEFAULT, 2);
                }
                // an unreferenced parent row deletes everywhere
                expectFailed(oracle.check("DELETE FROM p WHERE id = 2"), false);
            }
        }
    }

    /** SET DEFAULT where the default parent exists: succeeds on H2, PostgreSQL and SQLite. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "HSQLDB"})
    void setDefaultWithParentRow(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, pid int default 2, "
                            + fk("fk_c_p", "pid", "p", "id", "set default") + ")",
                    "create table g (id int primary key, c_id int, " + fk("fk_g_c", "c_id", "c", "id", "cascade") + ")",
                    insert("p", "1", "2", "3"),
                    insert("c", "10, 1", "11, 1", "20, 2", "30, 3"),
                    insert("g", "1, 10", "2, 20"));
            try (Oracle oracle = Oracle.open(db, "p", "c", "g")) {
                Oracle.Outcome o = oracle.check("DELETE FROM p WHERE id IN (1, 3)");
                expectReal(o, "c", SET_DEFAULT, 3);
                expectReal(o, "g", DELETE, 0);
            }
        }
    }

    // ---------------------------------------------------------------- UNIQUE non-primary key

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void keyReferencingUniqueColumn(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table accounts (id int primary key, code varchar(10) not null unique)",
                    "create table entries (id int primary key, account_code varchar(10), "
                            + fk("fk_entries_account", "account_code", "accounts", "code", "cascade") + ")",
                    "create table notes (id int primary key, account_code varchar(10), "
                            + fk("fk_notes_account", "account_code", "accounts", "code", "set null") + ")",
                    // ids and codes deliberately disagree: an FK compared with accounts.id would find other rows
                    insert("accounts", "1, 'A'", "2, 'B'", "3, 'C'"),
                    insert("entries", "1, 'A'", "2, 'A'", "3, 'B'", "4, 'C'", "5, 'C'", "6, 'C'"),
                    insert("notes", "1, 'C'", "2, 'A'", "3, null"));
            try (Oracle oracle = Oracle.open(db, "accounts", "entries", "notes")) {
                Oracle.Outcome o = oracle.check("DELETE FROM accounts WHERE id = 3");
                expectReal(o, "entries", DELETE, 3);
                expectReal(o, "notes", SET_NULL, 1);
                o = oracle.check("DELETE FROM accounts WHERE code IN (?, ?)", "A", "B");
                expectReal(o, "entries", DELETE, 3);
            }
        }
    }

    // ---------------------------------------------------------------- cycle of two tables

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB", "HSQLDB"})
    void twoTableCycle(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            if (kind == TestDatabase.SQLITE) {
                // SQLite has no ALTER TABLE ADD CONSTRAINT; a forward reference to b is allowed
                db.execute("create table a (id int primary key, b_id int, "
                                + fk("fk_a_b", "b_id", "b", "id", "cascade") + ")",
                        "create table b (id int primary key, a_id int, "
                                + fk("fk_b_a", "a_id", "a", "id", "cascade") + ")");
            } else {
                db.execute("create table a (id int primary key, b_id int)",
                        "create table b (id int primary key, a_id int)",
                        "alter table a add " + fk("fk_a_b", "b_id", "b", "id", "cascade"),
                        "alter table b add " + fk("fk_b_a", "a_id", "a", "id", "cascade"));
            }
            db.execute(insert("a", "1, null", "2, null", "3, null", "4, null"),
                    insert("b", "1, 1", "2, 3", "3, 2", "4, null"),
                    // a1 <-> b1; a2 -> b2 -> a3 -> b3 -> a2; a4 -> b4 (b4 references nothing)
                    "update a set b_id = id");
            try (Oracle oracle = Oracle.open(db, "a", "b")) {
                Oracle.Outcome o = oracle.check("DELETE FROM a WHERE id = 1");
                expectReal(o, "a", DELETE, 1);
                expectReal(o, "b", DELETE, 1);
                o = oracle.check("DELETE FROM a WHERE id = 2");
                expectReal(o, "a", DELETE, 2);
                expectReal(o, "b", DELETE, 2);
                o = oracle.check("DELETE FROM b WHERE id = 4");
                expectReal(o, "a", DELETE, 1);
                o = oracle.check("DELETE FROM a WHERE id = 4");
                expectReal(o, "b", DELETE, 0);
            }
        }
    }
}

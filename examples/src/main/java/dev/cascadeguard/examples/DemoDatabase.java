package dev.cascadeguard.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's in-memory H2 database: the schema of the seed article (organizations → users → orders →
 * order_items, orders → invoices, every foreign key ON DELETE CASCADE) and enough rows that one careless DELETE
 * takes thousands of them. Setup goes through a plain H2 connection, so that filling the tables is not guarded.
 */
final class DemoDatabase implements AutoCloseable {

    static final List<String> TABLES = List.of("organizations", "users", "orders", "order_items", "invoices");

    /** The organization the story deletes: 40 users × 40 orders × (4 items + 1 invoice). */
    static final String TEST_ORG = "test-org";
    /** Another organization, whose data must survive the story; the protected-table step deletes one of its orders. */
    static final String OTHER_ORG = "acme";

    private static final String[] SCHEMA = {
        "CREATE TABLE organizations (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE)",
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL,"
                + " org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE)",
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(10,2) NOT NULL,"
                + " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE)",
        "CREATE TABLE order_items (id BIGINT PRIMARY KEY, sku VARCHAR(20) NOT NULL, quantity INT NOT NULL,"
                + " order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE)",
        "CREATE TABLE invoices (id BIGINT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL,"
                + " order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE)",
        // the indexes a real schema has on its foreign keys; the guard's counting queries use them too
        "CREATE INDEX users_org ON users(org_id)",
        "CREATE INDEX orders_user ON orders(user_id)",
        "CREATE INDEX order_items_order ON order_items(order_id)",
        "CREATE INDEX invoices_order ON invoices(order_id)",
    };

    private final String name;
    private final Connection plain;
    private long nextId = 1;

    private DemoDatabase(String name, Connection plain) {
        this.name = name;
        this.plain = plain;
    }

    /** Creates and fills the database {@code name}; it lives until {@link #close()}. */
    static DemoDatabase create(String name) throws SQLException {
        DemoDatabase db = new DemoDatabase(name, DriverManager.getConnection(plainUrl(name)));
        try (Statement st = db.plain.createStatement()) {
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
        }
        db.addOrganization(TEST_ORG, 40, 40, 4);
        db.addOrganization(OTHER_ORG, 12, 25, 3);
        db.addOrganization("globex", 5, 10, 2);
        return db;
    }

    /** The URL an application would use: the H2 URL with {@code guard:} after {@code jdbc:}. */
    String guardedUrl() {
        return "jdbc:guard:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    private static String plainUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    Connection openGuarded() throws SQLException {
        return DriverManager.getConnection(guardedUrl());
    }

    Connection openGuarded(Properties settings) throws SQLException {
        return DriverManager.getConnection(guardedUrl(), settings);
    }

    /** Rows per table, read on the plain connection so that counting is never part of what is shown. */
    Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = plain.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** The first order of {@code organization}, for a delete that is small but still reaches invoices. */
    long firstOrderOf(String organization) throws SQLException {
        try (PreparedStatement ps = plain.prepareStatement("SELECT MIN(o.id) FROM orders o"
                + " JOIN users u ON u.id = o.user_id JOIN organizations g ON g.id = u.org_id WHERE g.name = ?")) {
            ps.setString(1, organization);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    boolean orderExists(long orderId) throws SQLException {
        try (PreparedStatement ps = plain.prepareStatement("SELECT COUNT(*) FROM orders WHERE id = ?")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    /**
     * One organization with {@code users} users, each with {@code ordersPerUser} orders, each with
     * {@code itemsPerOrder} items and one invoice. One INSERT … SELECT per table, so thousands of rows take
     * milliseconds; ids are handed out in consecutive blocks, so each child row finds its parent by arithmetic.
     */
    private void addOrganization(String org, int users, int ordersPerUser, int itemsPerOrder) throws SQLException {
        long orgId = take(1);
        int orders = users * ordersPerUser;
        int items = orders * itemsPerOrder;
        long firstUser = take(users);
        long firstOrder = take(orders);
        long firstItem = take(items);
        long firstInvoice = take(orders);
        try (Statement st = plain.createStatement()) {
            st.execute("INSERT INTO organizations (id, name) VALUES (" + orgId + ", '" + org + "')");
            st.execute("INSERT INTO users (id, email, org_id) SELECT " + firstUser + " + X - 1,"
                    + " 'user' || X || '@" + org + ".example', " + orgId + range(users));
            st.execute("INSERT INTO orders (id, total, user_id) SELECT " + firstOrder + " + X - 1,"
                    + " 10 + MOD(X * 37, 500), " + firstUser + " + (X - 1) / " + ordersPerUser
                    + range(orders));
            st.execute("INSERT INTO order_items (id, sku, quantity, order_id) SELECT " + firstItem + " + X - 1,"
                    + " 'SKU-' || MOD(X, 97), 1 + MOD(X, 3), " + firstOrder + " + (X - 1) / " + itemsPerOrder
                    + range(items));
            st.execute("INSERT INTO invoices (id, amount, order_id) SELECT " + firstInvoice + " + X - 1,"
                    + " 10 + MOD(X * 37, 500), " + firstOrder + " + X - 1" + range(orders));
        }
    }

    /** The numbers 1..n as column x, so the inserts read the same whatever the identifier case. */
    private static String range(int n) {
        return " FROM (SELECT \"X\" AS x FROM SYSTEM_RANGE(1, " + n + ")) numbers";
    }

    private long take(int count) {
        long first = nextId;
        nextId += count;
        return first;
    }

    /** Drops the in-memory database, so that a second run in the same JVM starts from nothing. */
    @Override
    public void close() throws SQLException {
        try (Statement st = plain.createStatement()) {
            st.execute("SHUTDOWN");
        } finally {
            plain.close();
        }
    }
}

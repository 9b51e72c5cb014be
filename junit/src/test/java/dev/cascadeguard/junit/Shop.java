package dev.cascadeguard.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The test schema (10 customers, 30 orders cascading from them, 2 flyway_schema_history rows, 5 audit_log rows) and kit helpers. */
final class Shop {

    static final String[] SCHEMA = {
            "create table customers (id int primary key, name varchar(40))",
            "create table orders (id int primary key, customer_id int not null references customers (id) on delete cascade)",
            "create table flyway_schema_history (installed_rank int primary key, version varchar(50))",
            "create table audit_log (id int primary key, what varchar(40))",
    };

    private Shop() {
    }

    static void create(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
        }
    }

    /** Back to 10 customers, 30 orders, 2 history rows, 5 audit rows (run outside any budget: plain connection). */
    static void seed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("delete from orders");
            s.execute("delete from customers");
            s.execute("delete from flyway_schema_history");
            s.execute("delete from audit_log");
            for (int i = 1; i <= 10; i++) {
                s.execute("insert into customers values (" + i + ", 'c" + i + "')");
            }
            for (int i = 1; i <= 30; i++) {
                s.execute("insert into orders values (" + i + ", " + (1 + i % 10) + ")");
            }
            s.execute("insert into flyway_schema_history values (1, '1'), (2, '2')");
            for (int i = 1; i <= 5; i++) {
                s.execute("insert into audit_log values (" + i + ", 'a" + i + "')");
            }
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, Long> counts(Connection c) throws SQLException {
        return Map.of("customers", count(c, "customers"), "orders", count(c, "orders"),
                "flyway_schema_history", count(c, "flyway_schema_history"), "audit_log", count(c, "audit_log"));
    }

    static final Map<String, Long> SEEDED = Map.of("customers", 10L, "orders", 30L, "flyway_schema_history", 2L, "audit_log", 5L);

    static EngineExecutionResults run(Class<?> example, String... configuration) {
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(example));
        for (int i = 0; i + 1 < configuration.length; i += 2) {
            kit = kit.configurationParameter(configuration[i], configuration[i + 1]);
        }
        EngineExecutionResults results = kit.execute();
        results.allEvents().failed().stream().forEach(e -> e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .ifPresent(t -> {
                    System.out.println("[" + example.getSimpleName() + "] failed:");
                    t.printStackTrace(System.out);
                }));
        return results;
    }

    static Throwable failure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        if (failed.isEmpty()) {
            throw new AssertionError("no test failed");
        }
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    /** The SQLState of the first SQLException in the chain, or null. */
    static String sqlState(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof SQLException e) {
                return e.getSQLState();
            }
        }
        return null;
    }

    static List<String> reportEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("cascadeguard.cleanup"))
                .filter(v -> v != null).toList();
    }
}

package dev.cascadeguard.spring.boot;

import dev.cascadeguard.spring.boot.app.ShopApp;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Starting the shop application, seeding it, and counting its rows with plain JDBC (no guard). */
final class Shop {

    private Shop() {
    }

    static String newH2Url(String label) {
        return "jdbc:h2:mem:" + label + "_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * Starts the shop with these properties and nothing else: Hibernate creates the tables (create-drop), Flyway
     * and spring-boot-data-source-decorator are off unless a test turns them on.
     */
    static ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : List.of(
                "spring.config.name=cascadeguard-starter-test-none",
                "spring.jmx.enabled=false",
                "spring.jpa.open-in-view=false",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "spring.flyway.enabled=false",
                "decorator.datasource.enabled=false")) {
            values.put(p.substring(0, p.indexOf('=')), p);
        }
        // a test's value replaces the default (the same key twice on the command line would be joined with a comma)
        Arrays.stream(properties).forEach(p -> values.put(p.substring(0, p.indexOf('=')), p));
        List<String> args = values.values().stream().map(p -> "--" + p).toList();
        return new SpringApplicationBuilder(sources)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    static ConfigurableApplicationContext start(String... properties) {
        return start(new Class<?>[] {ShopApp.class}, properties);
    }

    /**
     * Two customers through the application's (guarded) JdbcTemplate: "Kennel" with 400 orders of 3 lines
     * (1 + 400 + 1,200 = 1,601 rows), "Corner" with 2 orders of 1 line (5 rows).
     */
    static void seed(JdbcTemplate jdbc) {
        seedCustomer(jdbc, "Kennel", 400, 3);
        seedCustomer(jdbc, "Corner", 2, 1);
    }

    static void seedCustomer(JdbcTemplate jdbc, String name, int orders, int linesPerOrder) {
        jdbc.update("insert into customers (name) values (?)", name);
        long id = jdbc.queryForObject("select id from customers where name = ?", Long.class, name);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            rows.add(new Object[] {id});
        }
        jdbc.batchUpdate("insert into orders (customer_id) values (?)", rows);
        for (int i = 0; i < linesPerOrder; i++) {
            jdbc.update("insert into order_lines (order_id, product) select id, 'item " + i
                    + "' from orders where customer_id = ?", id);
        }
    }

    /** "customers=c orders=o order_lines=l", read with the real driver. */
    static String counts(String jdbcUrl) throws SQLException {
        try (Connection c = plain(jdbcUrl); Statement s = c.createStatement()) {
            List<String> parts = new ArrayList<>();
            for (String table : List.of("customers", "orders", "order_lines")) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    parts.add(table + "=" + rs.getLong(1));
                }
            }
            return String.join(" ", parts);
        }
    }

    static void execute(String jdbcUrl, String... statements) throws SQLException {
        try (Connection c = plain(jdbcUrl); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static Connection plain(String jdbcUrl) throws SQLException {
        return jdbcUrl.startsWith("jdbc:h2:")
                ? DriverManager.getConnection(jdbcUrl, "sa", "")
                : DriverManager.getConnection(jdbcUrl);
    }
}

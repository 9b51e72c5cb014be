package dev.cascadeguard.examples.spring;

import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.spring.CascadeConfirmationRequiredException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spring Data JPA shop with {@code cascade-guard-spring-boot-starter} on its class path and no other change:
 * deleting a customer whose orders and order lines go with it by ON DELETE CASCADE is stopped, previewed, and run
 * once confirmed for exactly the previewed rows.
 */
@SpringBootApplication
public class ShopExample {

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext app = SpringApplication.run(ShopExample.class, args)) {
            run(app, System.out);
        }
    }

    static void run(ConfigurableApplicationContext app, PrintStream out) throws Exception {
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        CustomerRepository customers = app.getBean(CustomerRepository.class);
        CustomerService service = app.getBean(CustomerService.class);
        String table = tableName(app);

        seed(jdbc, table, "Kennel Supplies", 400, 3);
        seed(jdbc, table, "Corner Shop", 2, 1);
        try (var connection = jdbc.getDataSource().getConnection()) {
            out.println("database:  " + connection.getMetaData().getURL());
        }
        out.println("seeded:    " + counts(jdbc, table));

        out.println();
        out.println("1. customers.delete(\"Corner Shop\"): 1 customer, 2 orders, 2 lines by ON DELETE CASCADE");
        customers.delete(customers.findByName("Corner Shop").orElseThrow());
        out.println("   ran:    " + counts(jdbc, table));

        Customer kennel = customers.findByName("Kennel Supplies").orElseThrow();
        out.println();
        out.println("2. customers.delete(\"Kennel Supplies\")");
        try {
            customers.delete(kennel);
        } catch (CascadeConfirmationRequiredException e) {
            out.println("   " + e.getClass().getSimpleName() + " (" + e.getSqlState() + "), rowsToAllow="
                    + e.rowsToAllow());
            e.getMessage().lines().forEach(line -> out.println("   | " + line));
            out.println("   after:  " + counts(jdbc, table));
        }

        out.println();
        out.println("3. preview, then delete exactly the previewed rows in a @Transactional service method");
        GuardReport preview = service.previewDelete(kennel, "delete from " + table("customers", table) + " where id = ?");
        long rows = preview.decision().totalRows();
        out.println("   preview: " + rows + " rows; " + String.join("; ", preview.decision().reasons()));
        service.deleteConfirmed(kennel, rows, "account closed, confirmed by the user");
        out.println("   ran:    " + counts(jdbc, table));
    }

    /** The schema prefix Hibernate uses ("" on H2, "cascadeguard_example." under the postgres profile). */
    private static String tableName(ConfigurableApplicationContext app) {
        String schema = app.getEnvironment().getProperty("spring.jpa.properties.hibernate.default_schema");
        return schema == null || schema.isBlank() ? "" : schema + ".";
    }

    private static String table(String name, String prefix) {
        return prefix + name;
    }

    private static void seed(JdbcTemplate jdbc, String prefix, String name, int orders, int lines) {
        jdbc.update("insert into " + prefix + "customers (name) values (?)", name);
        long id = jdbc.queryForObject("select id from " + prefix + "customers where name = ?", Long.class, name);
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            batch.add(new Object[] {id});
        }
        jdbc.batchUpdate("insert into " + prefix + "orders (customer_id) values (?)", batch);
        for (int i = 1; i <= lines; i++) {
            jdbc.update("insert into " + prefix + "order_lines (order_id, product) select id, 'item " + i
                    + "' from " + prefix + "orders where customer_id = ?", id);
        }
    }

    static String counts(JdbcTemplate jdbc, String prefix) {
        List<String> parts = new ArrayList<>();
        for (String t : List.of("customers", "orders", "order_lines")) {
            parts.add(t + "=" + jdbc.queryForObject("select count(*) from " + prefix + t, Long.class));
        }
        return String.join(" ", parts);
    }
}

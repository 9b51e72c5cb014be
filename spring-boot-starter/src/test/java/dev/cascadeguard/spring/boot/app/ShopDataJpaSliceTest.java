package dev.cascadeguard.spring.boot.app;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.spring.CascadeConfirmationRequiredException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code @DataJpaTest}: the slice's embedded test database is guarded too (the starter is in its import list). */
@DataJpaTest(properties = {"decorator.datasource.enabled=false", "spring.flyway.enabled=false",
        "spring.jpa.hibernate.ddl-auto=create-drop"})
class ShopDataJpaSliceTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CustomerRepository customers;

    @BeforeEach
    void seed() {
        jdbc.update("insert into customers (name) values ('Kennel')");
        jdbc.update("insert into orders (customer_id) select c.id from customers c, system_range(1, 400)"
                + " where c.name = 'Kennel'");
        jdbc.update("insert into order_lines (order_id, product) select o.id, 'item' from orders o,"
                + " system_range(1, 3)");
    }

    private long rows() {
        return jdbc.queryForObject("select (select count(*) from customers) + (select count(*) from orders)"
                + " + (select count(*) from order_lines)", Long.class);
    }

    @Test
    void theSlicesDataSourceIsGuarded() throws Exception {
        assertThat(dataSource).isInstanceOf(GuardDataSource.class);
        assertThat(dataSource.getConnection().getMetaData().getURL()).startsWith("jdbc:h2:mem:");
        assertThat(rows()).isEqualTo(1_601);

        Customer kennel = customers.findByName("Kennel").orElseThrow();
        customers.delete(kennel);
        Throwable stopped = catchThrowable(customers::flush);
        assertThat(stopped).isInstanceOf(CascadeConfirmationRequiredException.class);
        assertThat(((CascadeConfirmationRequiredException) stopped).rowsToAllow()).isEqualTo(1_601);
        assertThat(rows()).as("the DELETE never reached the database").isEqualTo(1_601);
    }

    @Test
    void aTestMayAllowItsOwnCleanup() {
        try (var scope = CascadeGuard.allow(1_601, "test cleanup")) {
            jdbc.update("delete from customers");
        }
        assertThat(rows()).isZero();
    }
}

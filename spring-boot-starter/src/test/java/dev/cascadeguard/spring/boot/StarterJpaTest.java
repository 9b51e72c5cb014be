package dev.cascadeguard.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.spring.CascadeConfirmationRequiredException;
import dev.cascadeguard.spring.boot.app.Customer;
import dev.cascadeguard.spring.boot.app.CustomerRepository;
import dev.cascadeguard.spring.boot.app.CustomerService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The starter with nothing but the dependency: a Spring Data JPA application on H2 and PostgreSQL, Hibernate's
 * create-drop with default guard settings, a cascading repository delete stopped, a small one run, the two-phase
 * delete, and Hikari's pool reachable through the wrapper.
 */
class StarterJpaTest {

    @Test
    void h2() throws Exception {
        String url = Shop.newH2Url("jpa");
        try (ConfigurableApplicationContext app = Shop.start(
                "spring.datasource.url=" + url, "spring.datasource.username=sa", "spring.datasource.password=")) {
            exercise(app, url);
        } finally {
            Shop.execute(url, "SHUTDOWN");
        }
    }

    @Test
    void postgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            String url = db.jdbcUrl();
            try (ConfigurableApplicationContext app = Shop.start("spring.datasource.url=" + url)) {
                exercise(app, url);
            }
            // create-drop dropped the tables at close, through the guard (they were empty by then)
            try (Connection c = Shop.plain(url); var rs = c.getMetaData().getTables(null, null, "customers", null)) {
                assertThat(rs.next()).as("customers dropped by create-drop").isFalse();
            }
        }
    }

    private static void exercise(ConfigurableApplicationContext app, String url) throws Exception {
        DataSource dataSource = app.getBean(DataSource.class);
        assertThat(dataSource).isInstanceOf(GuardDataSource.class);
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getJdbcUrl()).as("the real URL stays").isEqualTo(url);
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.isWrapperFor(GuardConnection.class)).isTrue();
        }
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        assertThat(mx.getTotalConnections()).isPositive();
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.find("hikaricp.connections").gauge()).as("Boot's Hikari metrics through the wrapper")
                .isNotNull();
        // the pool fills in the background: the gauge is read apart from the MX bean, so compare with its bounds
        assertThat(meters.find("hikaricp.connections").gauge().value()).isPositive()
                .isLessThanOrEqualTo(pool.getMaximumPoolSize());

        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        Shop.seed(jdbc);
        assertThat(Shop.counts(url)).isEqualTo("customers=2 orders=402 order_lines=1202");

        CustomerRepository customers = app.getBean(CustomerRepository.class);
        Customer kennel = customers.findByName("Kennel").orElseThrow();

        // a repository delete whose rows cascade in the database: 1 + 400 + 1,200 rows > 1,000
        Throwable stopped = catchThrowable(() -> customers.delete(kennel));
        assertThat(stopped).isInstanceOf(CascadeConfirmationRequiredException.class);
        CascadeConfirmationRequiredException confirm = (CascadeConfirmationRequiredException) stopped;
        assertThat(confirm.getSqlState()).isEqualTo("XG001");
        assertThat(confirm.rowsToAllow()).isEqualTo(1_601);
        assertThat(confirm.report().decision().totalRows()).isEqualTo(1_601);
        assertThat(confirm.getMessage()).contains("guard.confirmAbove").contains("1,601 rows");
        assertThat(Shop.counts(url)).as("nothing deleted").isEqualTo("customers=2 orders=402 order_lines=1202");

        // a small one runs
        customers.delete(customers.findByName("Corner").orElseThrow());
        assertThat(Shop.counts(url)).isEqualTo("customers=1 orders=400 order_lines=1200");

        // two phases: preview, then exactly the previewed rows
        CustomerService service = app.getBean(CustomerService.class);
        GuardReport preview = service.previewDelete(kennel.getId());
        assertThat(preview.decision().totalRows()).isEqualTo(1_601);
        assertThat(preview.decision().stops()).isTrue();
        assertThat(Shop.counts(url)).as("a preview changes nothing").isEqualTo("customers=1 orders=400 order_lines=1200");

        Throwable tooFew = catchThrowable(() -> service.deleteConfirmed(kennel.getId(), 1_600, "one row short"));
        assertThat(tooFew).isInstanceOf(CascadeConfirmationRequiredException.class);
        assertThat(Shop.counts(url)).isEqualTo("customers=1 orders=400 order_lines=1200");

        service.deleteConfirmed(kennel.getId(), preview.decision().totalRows(), "confirmed by the user");
        assertThat(Shop.counts(url)).isEqualTo("customers=0 orders=0 order_lines=0");
    }
}

package dev.cascadeguard.spring.boot;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.spring.CascadeConfirmationRequiredException;
import dev.cascadeguard.spring.CascadeGuardDataAccessException;
import dev.cascadeguard.spring.CascadeStatementBlockedException;
import dev.cascadeguard.spring.CascadeUncheckableStatementException;
import dev.cascadeguard.spring.boot.app.CustomerRepository;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.JpaSystemException;

import javax.sql.DataSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How a stopped statement reaches a Spring application (JdbcTemplate, NamedParameterJdbcTemplate, JdbcClient,
 * a Spring Data JPA repository), settings from application properties, the actuator info contribution, and
 * {@code cascade-guard.enabled=false} / {@code cascade-guard.translate-exceptions=false} on the same application.
 */
class SpringErrorsAndActuatorTest {

    private static final String SEEDED = "customers=2 orders=402 order_lines=1202";

    @Test
    void xg001Xg002Xg003AsDataAccessExceptionsWithTheReport() throws Exception {
        String url = Shop.newH2Url("errors");
        try (ConfigurableApplicationContext app = Shop.start(
                "spring.datasource.url=" + url, "spring.datasource.username=sa",
                "cascade-guard.confirm-above=100",
                "cascade-guard.table.order_lines.block-above=1000")) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Shop.seed(jdbc);
            assertThat(Shop.counts(url)).isEqualTo(SEEDED);

            // XG001: Corner's 5 rows run, 200 orders + 200 lines of Kennel (800 rows) need confirmation above 100, under the 1,000 lines blocked
            Throwable confirm = catchThrowable(() -> jdbc.update(
                    "delete from orders where customer_id = (select id from customers where name = 'Kennel') and id % 2 = 0"));
            assertThat(confirm).isInstanceOf(CascadeConfirmationRequiredException.class)
                    .isInstanceOf(NonTransientDataAccessException.class);
            CascadeConfirmationRequiredException xg001 = (CascadeConfirmationRequiredException) confirm;
            assertThat(xg001.getSqlState()).isEqualTo("XG001");
            assertThat(xg001.rowsToAllow()).isEqualTo(800);
            assertThat(xg001.getSql()).startsWith("delete from orders");
            assertThat(xg001.getMessage()).contains("guard.confirmAbove").contains("800 rows");

            // XG002: Kennel's delete takes 1,200 order lines, over the table's block-above
            Throwable blocked = catchThrowable(() -> app.getBean(NamedParameterJdbcTemplate.class)
                    .update("delete from customers where name = :name", Map.of("name", "Kennel")));
            assertThat(blocked).isInstanceOf(CascadeStatementBlockedException.class);
            assertThat(((CascadeGuardDataAccessException) blocked).getSqlState()).isEqualTo("XG002");
            assertThat(((CascadeGuardDataAccessException) blocked).report().decision().totalRows()).as("counted until the block was certain").isGreaterThan(1_000);
            assertThat(blocked.getMessage()).contains("guard.table.order_lines.blockAbove");

            // XG003: a destructive statement with a MySQL executable comment is not counted: fails closed
            Throwable uncheckable = catchThrowable(() -> app.getBean(JdbcClient.class)
                    .sql("delete from order_lines where id = 1 /*! or 1 = 1 */").update());
            assertThat(uncheckable).isInstanceOf(CascadeUncheckableStatementException.class);
            assertThat(((CascadeGuardDataAccessException) uncheckable).getSqlState()).isEqualTo("XG003");

            // the same through a Spring Data JPA repository (Hibernate's JDBCException translated by the dialect)
            CustomerRepository customers = app.getBean(CustomerRepository.class);
            Throwable viaJpa = catchThrowable(() -> customers.delete(customers.findByName("Kennel").orElseThrow()));
            assertThat(viaJpa).isInstanceOf(CascadeStatementBlockedException.class);
            assertThat(((CascadeGuardDataAccessException) viaJpa).getSql()).isEqualTo("delete from customers where id=?");

            // other errors are translated as before
            Throwable duplicate = catchThrowable(() -> jdbc.update("insert into customers (id, name) values (?, 'x')",
                    jdbc.queryForObject("select min(id) from customers", Long.class)));
            assertThat(duplicate).isInstanceOf(org.springframework.dao.DuplicateKeyException.class);

            assertThat(Shop.counts(url)).as("nothing ran").isEqualTo(SEEDED);

            // actuator: what is guarded, the settings in force, the decisions counted
            Info.Builder builder = new Info.Builder();
            app.getBean(CascadeGuardInfoContributor.class).contribute(builder);
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) builder.build().getDetails().get("cascadeGuard");
            @SuppressWarnings("unchecked")
            Map<String, Object> dataSource = (Map<String, Object>) ((Map<String, Object>) info.get("dataSources"))
                    .get("dataSource");
            assertThat(dataSource).containsEntry("guarded", true).containsEntry("mode", "enforce");
            assertThat((Map<String, Object>) dataSource.get("settings"))
                    .containsEntry("guard.confirmAbove", "100")
                    .containsEntry("guard.table.order_lines.blockAbove", "1000");
            @SuppressWarnings("unchecked")
            Map<String, Long> decisions = (Map<String, Long>) info.get("decisions");
            assertThat(decisions.get("stopped")).isGreaterThanOrEqualTo(4);
            assertThat(info.get("lastStopped").toString()).contains("BLOCK").contains("order_lines");
        } finally {
            Shop.execute(url, "SHUTDOWN");
        }
    }

    @Test
    void enabledFalseGuardsNothing() throws Exception {
        String url = Shop.newH2Url("disabled");
        try (ConfigurableApplicationContext app = Shop.start(
                "spring.datasource.url=" + url, "spring.datasource.username=sa", "cascade-guard.enabled=false")) {
            DataSource dataSource = app.getBean(DataSource.class);
            assertThat(dataSource.isWrapperFor(GuardDataSource.class)).isFalse();
            assertThat(app.getBeanNamesForType(CascadeGuardInfoContributor.class)).isEmpty();
            Shop.seed(app.getBean(JdbcTemplate.class));
            CustomerRepository customers = app.getBean(CustomerRepository.class);
            customers.delete(customers.findByName("Kennel").orElseThrow());
            assertThat(Shop.counts(url)).isEqualTo("customers=1 orders=2 order_lines=2");
        } finally {
            Shop.execute(url, "SHUTDOWN");
        }
    }

    @Test
    void withoutTranslationTheAppSeesSpringsDefaults() throws Exception {
        String url = Shop.newH2Url("untranslated");
        try (ConfigurableApplicationContext app = Shop.start(
                "spring.datasource.url=" + url, "spring.datasource.username=sa",
                "cascade-guard.translate-exceptions=false")) {
            Shop.seed(app.getBean(JdbcTemplate.class));
            CustomerRepository customers = app.getBean(CustomerRepository.class);
            Throwable viaJpa = catchThrowable(() -> customers.delete(customers.findByName("Kennel").orElseThrow()));
            assertThat(viaJpa).isInstanceOf(JpaSystemException.class);
            assertThat(CascadeGuardDataAccessException.findGuardException(viaJpa).getSQLState()).isEqualTo("XG001");
            Throwable viaJdbc = catchThrowable(() -> app.getBean(JdbcTemplate.class).update("delete from order_lines"));
            assertThat(viaJdbc).isInstanceOf(org.springframework.jdbc.UncategorizedSQLException.class);
            assertThat(Shop.counts(url)).isEqualTo(SEEDED);
        } finally {
            Shop.execute(url, "SHUTDOWN");
        }
    }
}

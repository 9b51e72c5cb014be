package dev.cascadeguard.spring.boot;

import com.github.gavlyukovskiy.boot.jdbc.decorator.DecoratedDataSource;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
import dev.cascadeguard.spring.CascadeConfirmationRequiredException;
import dev.cascadeguard.spring.boot.app.CustomerRepository;
import dev.cascadeguard.spring.boot.app.ShopApp;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** spring-boot-data-source-decorator (datasource-proxy) on the same bean, and Flyway, with the starter. */
class DecoratorAndFlywayTest {

    /** What datasource-proxy saw: each statement with "ok" or its SQLState. */
    static final List<String> PROXY_SAW = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class ProxyListener {
        @Bean
        QueryExecutionListener recordingListener() {
            return new QueryExecutionListener() {
                @Override
                public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
                }

                @Override
                public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
                    for (QueryInfo q : queryInfoList) {
                        Throwable t = execInfo.getThrowable();
                        PROXY_SAW.add(q.getQuery().trim() + " -> " + (t == null ? "ok"
                                : t instanceof java.sql.SQLException e ? e.getSQLState() : t.getClass().getName()));
                    }
                }
            };
        }
    }

    @Test
    void datasourceProxyOutsideTheGuardBothSeeTheStatements() throws Exception {
        String url = Shop.newH2Url("decorated");
        List<String> guardSaw = new CopyOnWriteArrayList<>();
        PROXY_SAW.clear();
        try (ConfigurableApplicationContext app = Shop.start(new Class<?>[] {ShopApp.class, ProxyListener.class},
                "spring.datasource.url=" + url, "spring.datasource.username=sa",
                "decorator.datasource.enabled=true");
             var registration = CascadeGuard.addListener(new GuardListener() {
                 @Override
                 public void decided(GuardEvent.Decided e) {
                     guardSaw.add(e.report().decision().totalRows() + " rows -> " + e.verdict());
                 }
             })) {
            DataSource dataSource = app.getBean(DataSource.class);
            // the decorator's bean wraps the guard, which wraps the pool
            assertThat(dataSource).isInstanceOf(DecoratedDataSource.class);
            DecoratedDataSource decorated = (DecoratedDataSource) dataSource;
            assertThat(decorated.getRealDataSource()).isInstanceOf(GuardDataSource.class);
            assertThat(decorated.toString()).contains("ProxyDataSource").contains("GuardDataSource");
            assertThat(dataSource.isWrapperFor(GuardDataSource.class)).isTrue();
            assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()).isEqualTo(url);
            assertThat(dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().getTotalConnections())
                    .isPositive();

            Shop.seed(app.getBean(JdbcTemplate.class));
            PROXY_SAW.clear();
            guardSaw.clear();
            CustomerRepository customers = app.getBean(CustomerRepository.class);
            Throwable stopped = catchThrowable(() -> customers.delete(customers.findByName("Kennel").orElseThrow()));
            assertThat(stopped).isInstanceOf(CascadeConfirmationRequiredException.class);
            customers.delete(customers.findByName("Corner").orElseThrow());

            assertThat(guardSaw).containsExactly("1601 rows -> STOPPED", "5 rows -> ALLOWED");
            assertThat(PROXY_SAW).filteredOn(q -> q.startsWith("delete"))
                    .containsExactly("delete from customers where id=? -> XG001", "delete from customers where id=? -> ok");
            assertThat(PROXY_SAW).as("the guard's counting queries run beneath datasource-proxy")
                    .allMatch(q -> q.startsWith("delete") || q.startsWith("select c1_0.id"));
            assertThat(Shop.counts(url)).isEqualTo("customers=1 orders=400 order_lines=1200");
        } finally {
            Shop.execute(url, "SHUTDOWN");
        }
    }

    @Test
    void flywayMigratesThroughTheGuardedBeanAndIsStoppedByIt() throws Exception {
        String url = Shop.newH2Url("flyway");
        Throwable failed = catchThrowable(() -> Shop.start(
                "spring.datasource.url=" + url, "spring.datasource.username=sa",
                "spring.flyway.enabled=true", "spring.flyway.locations=classpath:flyway-shop",
                "spring.jpa.hibernate.ddl-auto=validate"));
        // V2 drops a table of 1,500 rows: stopped at start-up (XG001) like any DROP over guard.confirmAbove
        assertThat(failed).isInstanceOf(BeanCreationException.class).hasStackTraceContaining("XG001")
                .hasStackTraceContaining("drop table legacy");
        assertThat(Shop.counts(url)).isEqualTo("customers=0 orders=0 order_lines=0");
        try (var c = Shop.plain(url); var rs = c.createStatement().executeQuery("select count(*) from legacy")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the DROP never ran: the table is still there (Flyway rolled back the insert)").isZero();
        }
        Shop.execute(url, "SHUTDOWN");

        // the same migration on a new database, allowed for its start: Flyway's DataSource is the guarded bean
        String fresh = Shop.newH2Url("flyway_allowed");
        try (var scope = CascadeGuard.allow(1_500, "V2 drops the legacy table");
             ConfigurableApplicationContext app = Shop.start(
                     "spring.datasource.url=" + fresh, "spring.datasource.username=sa",
                     "spring.flyway.enabled=true", "spring.flyway.locations=classpath:flyway-shop",
                     "spring.jpa.hibernate.ddl-auto=validate")) {
            Flyway flyway = app.getBean(Flyway.class);
            DataSource flywayDataSource = flyway.getConfiguration().getDataSource();
            assertThat(flywayDataSource.isWrapperFor(GuardDataSource.class)).isTrue();
            assertThat(flywayDataSource.unwrap(HikariDataSource.class).getJdbcUrl()).isEqualTo(fresh);
            assertThat(flyway.info().applied()).hasSize(2);
            try (var c = Shop.plain(fresh); var rs = c.createStatement().executeQuery(
                    "select count(*) from information_schema.tables where table_name = 'LEGACY'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        } finally {
            Shop.execute(fresh, "SHUTDOWN");
        }
    }

    @Test
    void flywayWithItsOwnUrlAndUserConnectsOnItsOwn() throws Exception {
        // spring.flyway.url (+ user): Boot builds Flyway's own DataSource from these properties; it is not a bean,
        // so it is not guarded. (spring.flyway.user alone makes Boot derive one from the bean with
        // DataSourceBuilder.derivedFrom, which stops at the wrapper: "Unable to find suitable method for url".)
        String url = Shop.newH2Url("flyway_user");
        try (ConfigurableApplicationContext app = Shop.start(
                "spring.datasource.url=" + url, "spring.datasource.username=sa",
                "spring.flyway.enabled=true", "spring.flyway.locations=classpath:flyway-shop",
                "spring.flyway.target=1", "spring.flyway.url=" + url, "spring.flyway.user=sa",
                "spring.flyway.password=", "spring.jpa.hibernate.ddl-auto=validate")) {
            Flyway flyway = app.getBean(Flyway.class);
            assertThat(flyway.info().applied()).hasSize(1);
            assertThat(flyway.getConfiguration().getDataSource().isWrapperFor(GuardDataSource.class)).isFalse();
            assertThat(app.getBean(DataSource.class)).isInstanceOf(GuardDataSource.class);
            assertThat(Shop.counts(url)).isEqualTo("customers=0 orders=0 order_lines=0");
        } finally {
            Shop.execute(url, "SHUTDOWN");
        }
    }
}

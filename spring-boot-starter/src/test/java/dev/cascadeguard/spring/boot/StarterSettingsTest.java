package dev.cascadeguard.spring.boot;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.rules.GuardMode;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.RuleAction;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The auto-configuration alone, on plain H2 DataSource beans: what is wrapped, with which settings, and what is not. */
class StarterSettingsTest {

    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean
        DataSource main() {
            return h2("settings_main");
        }

        @Bean
        DataSource reporting() {
            return h2("settings_reporting");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AlreadyGuardedAndRouting {
        static final GuardDataSource BY_HAND = new GuardDataSource(h2("settings_by_hand"));

        @Bean
        DataSource guardedByHand() {
            return BY_HAND;
        }

        @Bean
        DataSource routing() {
            AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {
                @Override
                protected Object determineCurrentLookupKey() {
                    return "a";
                }
            };
            routing.setTargetDataSources(Map.of("a", h2("settings_routing")));
            return routing;
        }
    }

    /** An Ordered post-processor that needs the DataSource: it is created before the guard's could wrap it. */
    static final class NeedsTheDataSourceEarly implements org.springframework.beans.factory.config.BeanPostProcessor,
            org.springframework.core.Ordered {
        NeedsTheDataSourceEarly(DataSource dataSource) {
        }

        @Override
        public int getOrder() {
            return org.springframework.core.Ordered.HIGHEST_PRECEDENCE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EarlyDataSource {
        @Bean
        static DataSource early() {
            return h2("settings_early");
        }

        @Bean
        static NeedsTheDataSourceEarly needsTheDataSourceEarly(DataSource early) {
            return new NeedsTheDataSourceEarly(early);
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CascadeGuardAutoConfiguration.class));

    @Test
    void everyDataSourceBeanIsWrappedWithTheRelaxedPropertiesAsGuardSettings() {
        runner.withUserConfiguration(TwoDataSources.class)
                .withPropertyValues(
                        "cascade-guard.mode=WARN",
                        "cascade-guard.log-above=5",
                        "cascade-guard.confirmAbove=50",           // relaxed binding: camel case works too
                        "cascade-guard.block-above=5000",
                        "cascade-guard.delete-without-where=block",
                        "cascade-guard.truncate=confirm",
                        "cascade-guard.drop=log",
                        "cascade-guard.sqlite-foreign-keys-off=block",
                        "cascade-guard.on-estimate-error=allow",
                        "cascade-guard.allow-sql-override=false",
                        "cascade-guard.metadata-ttl-seconds=7",
                        "cascade-guard.estimate-timeout-ms=900",
                        "cascade-guard.audit-parameters=true",
                        "cascade-guard.table.invoices.block-above=0",
                        "cascade-guard.table[public.orders].confirm-above=10")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    for (String name : new String[] {"main", "reporting"}) {
                        DataSource ds = context.getBean(name, DataSource.class);
                        assertThat(ds).isInstanceOf(GuardDataSource.class);
                        assertThat(ds.unwrap(JdbcDataSource.class).getURL()).contains("settings_" + name);
                        GuardSettings s = ((GuardDataSource) ds).settings();
                        assertThat(s.mode()).isEqualTo(GuardMode.WARN);
                        assertThat(s.logAbove()).isEqualTo(5);
                        assertThat(s.confirmAbove()).isEqualTo(50);
                        assertThat(s.blockAbove()).isEqualTo(OptionalLong.of(5000));
                        assertThat(s.deleteWithoutWhere()).isEqualTo(RuleAction.BLOCK);
                        assertThat(s.truncate()).isEqualTo(RuleAction.CONFIRM);
                        assertThat(s.drop()).isEqualTo(RuleAction.LOG);
                        assertThat(s.sqliteForeignKeysOff()).isEqualTo(RuleAction.BLOCK);
                        assertThat(s.onEstimateError()).isEqualTo(RuleAction.ALLOW);
                        assertThat(s.allowSqlOverride()).isFalse();
                        assertThat(s.metadataTtlSeconds()).isEqualTo(7);
                        assertThat(s.estimateTimeoutMs()).isEqualTo(900);
                        assertThat(s.auditParameters()).isTrue();
                        assertThat(s.ruleFor("public", "invoices")).hasValueSatisfying(r ->
                                assertThat(r.toString()).contains("0"));
                        assertThat(s.tableThresholds()).extracting(Object::toString)
                                .anySatisfy(t -> assertThat(t).containsIgnoringCase("invoices"))
                                .anySatisfy(t -> assertThat(t).containsIgnoringCase("orders"));
                    }
                });
    }

    @Test
    void defaultsWhenNothingIsSetAndConnectionsAreGuarded() {
        runner.withUserConfiguration(TwoDataSources.class).run(context -> {
            GuardDataSource ds = (GuardDataSource) context.getBean("main", DataSource.class);
            assertThat(ds.settings()).isEqualTo(GuardSettings.defaults());
            assertConfirmationRequired(ds, true);
        });
    }

    @Test
    void enabledFalseLeavesEveryBeanUntouched() {
        runner.withUserConfiguration(TwoDataSources.class).withPropertyValues("cascade-guard.enabled=false")
                .run(context -> {
                    assertThat(context.getBean("main", DataSource.class)).isInstanceOf(JdbcDataSource.class);
                    assertThat(context.getBean("reporting", DataSource.class)).isInstanceOf(JdbcDataSource.class);
                    assertThat(context).doesNotHaveBean(GuardDataSourceBeanPostProcessor.class);
                    assertConfirmationRequired(context.getBean("main", DataSource.class), false);
                });
    }

    @Test
    void excludedBeansStayUnwrapped() {
        runner.withUserConfiguration(TwoDataSources.class).withPropertyValues("cascade-guard.exclude-beans=reporting")
                .run(context -> {
                    assertThat(context.getBean("main", DataSource.class)).isInstanceOf(GuardDataSource.class);
                    assertThat(context.getBean("reporting", DataSource.class)).isInstanceOf(JdbcDataSource.class);
                });
    }

    @Test
    void neverWrapsTwiceAndGuardsRoutingDataSourcesWhoseTargetsAreNoBeans() {
        runner.withUserConfiguration(AlreadyGuardedAndRouting.class).run(context -> {
            DataSource byHand = context.getBean("guardedByHand", DataSource.class);
            assertThat(byHand).as("not a guard around a guard").isSameAs(AlreadyGuardedAndRouting.BY_HAND);
            assertThat(((GuardDataSource) byHand).unwrap(JdbcDataSource.class)).isNotNull();
            // a routing DataSource's targets are built inline here: the bean itself must be guarded
            DataSource routing = context.getBean("routing", DataSource.class);
            assertThat(routing).isInstanceOf(GuardDataSource.class);
            assertThat(routing.unwrap(AbstractRoutingDataSource.class)).isNotNull();
            try (java.sql.Connection c = routing.getConnection()) {
                assertThat(c.isWrapperFor(dev.cascadeguard.driver.GuardConnection.class)).isTrue();
            }
        });
    }

    @Test
    void aConnectionAlreadyGuardedBelowIsNotGuardedTwice() throws Exception {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:guard:h2:mem:settings_twice;DB_CLOSE_DELAY=-1");
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl("jdbc:guard:h2:mem:settings_twice;DB_CLOSE_DELAY=-1");
        config.setDriverClassName("dev.cascadeguard.driver.GuardDriver");
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
            GuardDataSource outer = new GuardDataSource(pool);
            try (java.sql.Connection c = outer.getConnection()) {
                // the pool's own proxy, over the jdbc:guard: connection: handed out as it is
                assertThat(c).isInstanceOf(com.zaxxer.hikari.pool.HikariProxyConnection.class);
                assertThat(c.isWrapperFor(dev.cascadeguard.driver.GuardConnection.class)).isTrue();
            }
        }
    }

    @Test
    void aMistypedPropertyFailsTheStart() {
        for (String typo : List.of("cascade-guard.confirm-abve=5", "cascade-guard.table.payments.block-abov=0",
                "cascade-guard.table.public.invoices.block-above=0")) {
            runner.withUserConfiguration(TwoDataSources.class).withPropertyValues(typo)
                    .run(context -> assertThat(context).as(typo).hasFailed());
        }
    }

    @Test
    void aBadValueFailsTheStartNamingTheKey() {
        runner.withUserConfiguration(TwoDataSources.class).withPropertyValues("cascade-guard.table.invoices.block-above=-1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    Throwable root = failure;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("guard.table.invoices.blockAbove");
                });
        Throwable unknownMode = catchThrowable(() -> runner.withUserConfiguration(TwoDataSources.class)
                .withPropertyValues("cascade-guard.mode=strict").run(context -> {
                    throw new AssertionError(context.getStartupFailure());
                }));
        assertThat(unknownMode).hasStackTraceContaining("cascade-guard.mode").hasStackTraceContaining("strict");
    }

    /** DELETE without WHERE of a populated table: XG001 under the guard (default deleteWithoutWhere=CONFIRM). */
    private static void assertConfirmationRequired(DataSource ds, boolean guarded) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists t (id int)");
            s.execute("delete from t");
            s.execute("insert into t values (1)");
            Throwable thrown = catchThrowable(() -> s.executeUpdate("delete from t"));
            if (guarded) {
                assertThat(thrown).isInstanceOf(SQLException.class);
                assertThat(((SQLException) thrown).getSQLState()).isEqualTo("XG001");
                try (var rs = s.executeQuery("select count(*) from t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            } else {
                assertThat(thrown).isNull();
                try (var rs = s.executeQuery("select count(*) from t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
        }
    }

    @Test
    void aDataSourceCreatedTooEarlyToBeGuardedFailsTheStartUnlessExcluded() {
        runner.withUserConfiguration(EarlyDataSource.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("[early] are not guarded")
                    .hasMessageContaining("cascade-guard.exclude-beans=early");
        });
        runner.withUserConfiguration(EarlyDataSource.class).withPropertyValues("cascade-guard.exclude-beans=early")
                .run(context -> assertThat(context).hasNotFailed());
    }
}

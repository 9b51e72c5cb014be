package dev.cascadeguard.spring.boot;

import dev.cascadeguard.driver.GuardDataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * CascadeGuard for Spring Boot: every {@code DataSource} bean wrapped in a {@link GuardDataSource}
 * ({@code cascade-guard.*} settings), stopped statements translated for JdbcTemplate and Hibernate, and an
 * actuator info contribution. {@code cascade-guard.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnClass({DataSource.class, GuardDataSource.class})
@ConditionalOnBooleanProperty(name = "cascade-guard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CascadeGuardProperties.class)
public class CascadeGuardAutoConfiguration {

    @Bean
    static GuardDataSourceBeanPostProcessor cascadeGuardDataSourcePostProcessor(
            ObjectProvider<CascadeGuardProperties> properties) {
        return new GuardDataSourceBeanPostProcessor(properties);
    }

    @Bean
    static CascadeGuardStartupCheck cascadeGuardStartupCheck(ListableBeanFactory beans,
                                                             ObjectProvider<CascadeGuardProperties> properties) {
        return new CascadeGuardStartupCheck(beans, properties);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.jdbc.support.JdbcAccessor")
    @ConditionalOnBooleanProperty(name = "cascade-guard.translate-exceptions", matchIfMissing = true)
    static class JdbcExceptionTranslation {

        @Bean
        static CascadeGuardExceptionTranslationPostProcessor cascadeGuardJdbcExceptionTranslation() {
            return new CascadeGuardExceptionTranslationPostProcessor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.orm.jpa.vendor.HibernateJpaDialect",
            "org.springframework.jdbc.support.SQLExceptionTranslator", "org.hibernate.JDBCException"})
    @ConditionalOnBooleanProperty(name = "cascade-guard.translate-exceptions", matchIfMissing = true)
    static class JpaExceptionTranslation {

        @Bean
        static CascadeGuardJpaDialectPostProcessor cascadeGuardJpaExceptionTranslation() {
            return new CascadeGuardJpaDialectPostProcessor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class Actuator {

        @Bean
        CascadeGuardDecisionCounter cascadeGuardDecisionCounter() {
            return new CascadeGuardDecisionCounter();
        }

        @Bean
        CascadeGuardInfoContributor cascadeGuardInfoContributor(ListableBeanFactory beans,
                                                                CascadeGuardDecisionCounter counter) {
            return new CascadeGuardInfoContributor(beans, counter);
        }
    }
}

package dev.cascadeguard.spring.boot;

import dev.cascadeguard.spring.CascadeGuardExceptionTranslator;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.orm.jpa.JpaDialect;
import org.springframework.orm.jpa.JpaVendorAdapter;
import org.springframework.orm.jpa.vendor.HibernateJpaDialect;

/**
 * Gives the {@link HibernateJpaDialect} of the JPA vendor adapter and entity manager factory beans a
 * {@link CascadeGuardExceptionTranslator} as its JDBC exception translator: a Hibernate {@code JDBCException} whose
 * SQLException is the guard's becomes a {@code CascadeGuardDataAccessException} (instead of a
 * {@code JpaSystemException}); for every other one the translator answers null and Hibernate's own translation
 * applies as before. Repositories (through their persistence exception translation) and
 * {@code JpaTransactionManager} (a flush at commit) both translate through this dialect.
 */
public class CascadeGuardJpaDialectPostProcessor implements BeanPostProcessor, Ordered {

    private static final CascadeGuardExceptionTranslator TRANSLATOR = new CascadeGuardExceptionTranslator(null);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JpaVendorAdapter adapter) {
            apply(adapter.getJpaDialect());
        }
        if (bean instanceof EntityManagerFactoryInfo info) {
            apply(info.getJpaDialect());
        }
        return bean;
    }

    private static void apply(JpaDialect dialect) {
        if (dialect instanceof HibernateJpaDialect hibernate) {
            hibernate.setJdbcExceptionTranslator(TRANSLATOR);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

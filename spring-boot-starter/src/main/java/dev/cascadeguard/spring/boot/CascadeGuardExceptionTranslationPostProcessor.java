package dev.cascadeguard.spring.boot;

import dev.cascadeguard.spring.CascadeGuardExceptionTranslator;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.support.JdbcAccessor;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Puts a {@link CascadeGuardExceptionTranslator} in front of the translator of every {@link JdbcAccessor} bean
 * ({@code JdbcTemplate}; {@code NamedParameterJdbcTemplate} and {@code JdbcClient} use one): a stopped statement
 * becomes a {@code CascadeGuardDataAccessException}, everything else is translated as before.
 */
public class CascadeGuardExceptionTranslationPostProcessor implements BeanPostProcessor, Ordered {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JdbcAccessor accessor) {
            SQLExceptionTranslator current = accessor.getExceptionTranslator();
            if (!(current instanceof CascadeGuardExceptionTranslator)) {
                accessor.setExceptionTranslator(new CascadeGuardExceptionTranslator(current));
            }
        }
        return bean;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

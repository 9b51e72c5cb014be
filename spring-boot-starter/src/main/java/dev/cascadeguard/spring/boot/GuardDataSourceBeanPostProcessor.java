package dev.cascadeguard.spring.boot;

import dev.cascadeguard.driver.GuardDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Wraps every {@link DataSource} bean, after its initialization, in a {@link GuardDataSource} with the
 * {@code cascade-guard.*} settings. Left alone: beans named in {@code cascade-guard.exclude-beans}, beans that
 * already are (or wrap) a GuardDataSource, and scoped-proxy targets. A routing DataSource is wrapped like any other
 * (its targets are often built inline, never beans): where its targets are guarded beans too, the GuardDataSource
 * hands their already guarded connections out as they are, so nothing is counted twice.
 *
 * <p>It runs before spring-boot-data-source-decorator's post-processor ({@link #ORDER} is lower), so the guard
 * sits next to the pool and a datasource-proxy / p6spy decoration wraps the guarded DataSource: the decorator sees
 * every statement the application runs, stopped ones included (with their exception), and none of the guard's own
 * counting queries.
 */
public class GuardDataSourceBeanPostProcessor implements BeanPostProcessor, Ordered {

    /** Before spring-boot-data-source-decorator ({@code LOWEST_PRECEDENCE - 20}). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 30;

    private static final Log log = LogFactory.getLog(GuardDataSourceBeanPostProcessor.class);

    private final ObjectProvider<CascadeGuardProperties> properties;

    public GuardDataSourceBeanPostProcessor(ObjectProvider<CascadeGuardProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || ScopedProxyUtils.isScopedTarget(beanName)) {
            return bean;
        }
        CascadeGuardProperties settings = properties.getObject();
        if (!settings.isEnabled() || settings.getExcludeBeans().contains(beanName) || alreadyGuarded(dataSource)) {
            return bean;
        }
        GuardDataSource guarded = new GuardDataSource(dataSource, settings.toGuardSettings());
        if (log.isDebugEnabled()) {
            log.debug("CascadeGuard guards DataSource bean '" + beanName + "' (" + bean.getClass().getName() + ")");
        }
        return guarded;
    }

    static boolean alreadyGuarded(DataSource dataSource) {
        if (dataSource instanceof GuardDataSource) {
            return true;
        }
        try {
            return dataSource.isWrapperFor(GuardDataSource.class);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

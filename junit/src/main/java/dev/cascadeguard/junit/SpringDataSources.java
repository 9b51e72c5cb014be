package dev.cascadeguard.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import javax.sql.DataSource;
import java.util.Map;

/** The DataSource from Spring's test context. Loaded only when spring-test is on the class path. */
final class SpringDataSources {

    private SpringDataSources() {
    }

    static DataSource find(ExtensionContext context, String beanName) {
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        if (!beanName.isEmpty()) {
            try {
                return spring.getBean(beanName, DataSource.class);
            } catch (NoSuchBeanDefinitionException e) {
                throw new ExtensionConfigurationException("@GuardedCleanup(dataSource = \"" + beanName
                        + "\"): the test's application context has no DataSource bean of that name; it has "
                        + spring.getBeansOfType(DataSource.class).keySet());
            }
        }
        Map<String, DataSource> all = spring.getBeansOfType(DataSource.class);
        if (all.isEmpty()) {
            throw new ExtensionConfigurationException(
                    "@GuardedCleanup: the test's application context has no DataSource bean");
        }
        if (all.size() == 1) {
            return all.values().iterator().next();
        }
        try {
            return spring.getBean(DataSource.class);
        } catch (NoUniqueBeanDefinitionException e) {
            throw new ExtensionConfigurationException("@GuardedCleanup: the test's application context has "
                    + all.size() + " DataSource beans " + all.keySet()
                    + " and none is primary: name one with @GuardedCleanup(dataSource = \"...\")");
        }
    }
}

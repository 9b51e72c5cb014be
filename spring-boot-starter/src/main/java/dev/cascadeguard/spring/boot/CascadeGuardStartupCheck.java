package dev.cascadeguard.spring.boot;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails the start when a DataSource bean ended up unguarded although it is not excluded: a bean created before the
 * guard's post-processor existed (one that another early post-processor depends on) is never post-processed, and
 * an application that believes itself guarded must not run on it. Spring only logs that case in passing.
 */
public class CascadeGuardStartupCheck implements SmartInitializingSingleton {

    private final ListableBeanFactory beans;
    private final ObjectProvider<CascadeGuardProperties> properties;

    public CascadeGuardStartupCheck(ListableBeanFactory beans, ObjectProvider<CascadeGuardProperties> properties) {
        this.beans = beans;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        CascadeGuardProperties settings = properties.getObject();
        List<String> unguarded = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(DataSource.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(name) || settings.getExcludeBeans().contains(name)) {
                continue;
            }
            if (!GuardDataSourceBeanPostProcessor.alreadyGuarded(beans.getBean(name, DataSource.class))) {
                unguarded.add(name);
            }
        }
        if (!unguarded.isEmpty()) {
            throw new IllegalStateException("CascadeGuard: DataSource bean(s) " + unguarded + " are not guarded: they "
                    + "were created before the guard could wrap them (another early bean post-processor depends on "
                    + "them). Make that dependency lazy (ObjectProvider), or leave them out on purpose with "
                    + "cascade-guard.exclude-beans=" + String.join(",", unguarded));
        }
    }
}

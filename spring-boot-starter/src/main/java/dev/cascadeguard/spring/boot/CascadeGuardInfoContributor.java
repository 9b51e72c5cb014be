package dev.cascadeguard.spring.boot;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.rules.SettingInfo;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/info} → {@code cascadeGuard}: which DataSource beans are guarded, the settings in force on each
 * (the driver's {@code guard.*} keys, after system properties, rules file and defaults), and the decisions counted
 * since the start.
 */
public class CascadeGuardInfoContributor implements InfoContributor {

    private final ListableBeanFactory beans;
    private final CascadeGuardDecisionCounter counter;

    public CascadeGuardInfoContributor(ListableBeanFactory beans, CascadeGuardDecisionCounter counter) {
        this.beans = beans;
        this.counter = counter;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> dataSources = new LinkedHashMap<>();
        beans.getBeansOfType(DataSource.class, false, false).forEach((name, dataSource) -> {
            GuardDataSource guard = guardOf(dataSource);
            if (guard == null) {
                dataSources.put(name, Map.of("guarded", false));
                return;
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            for (SettingInfo s : guard.settings().describe()) {
                if (s.value() != null) {
                    settings.put(s.key(), s.value());
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("guarded", true);
            entry.put("mode", guard.settings().mode().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("settings", settings);
            dataSources.put(name, entry);
        });
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataSources", dataSources);
        details.put("decisions", counter.counts());
        if (counter.lastStopped() != null) {
            details.put("lastStopped", counter.lastStopped());
        }
        builder.withDetail("cascadeGuard", details);
    }

    private static GuardDataSource guardOf(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(GuardDataSource.class) ? dataSource.unwrap(GuardDataSource.class) : null;
        } catch (Exception e) {
            return null;
        }
    }
}

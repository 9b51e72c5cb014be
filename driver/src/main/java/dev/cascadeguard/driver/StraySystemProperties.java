package dev.cascadeguard.driver;

import dev.cascadeguard.rules.IgnoredSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warns once per JVM about each {@code guard.*} system property that is no guard setting: every connection reads
 * the system properties, and one line per connection would drown the log it is meant to show up in.
 */
final class StraySystemProperties {

    private static final Logger LOG = LoggerFactory.getLogger("cascadeguard");
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private StraySystemProperties() {
    }

    /** Logs the key and the setting it most resembles, never the value (it may be another tool's secret). */
    static void warnOnce(IgnoredSetting ignored) {
        if (WARNED.add(ignored.key())) {
            LOG.warn("CascadeGuard ignores the JVM system property {}: it is no guard setting (did you mean {}?). "
                    + "Unknown guard.* keys fail only in connection properties and rules files.",
                    ignored.key(), ignored.nearestKey());
        }
    }
}

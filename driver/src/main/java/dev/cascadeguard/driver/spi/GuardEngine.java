package dev.cascadeguard.driver.spi;

import dev.cascadeguard.rules.GuardSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * How the public API ({@code GuardDriver}, {@code GuardDataSource}) reaches the guard's implementation without
 * depending on it: the implementation registers itself as a {@link ServiceLoader} service of this jar, found once.
 * Keeps the packages in one direction (the implementation uses the API, never the reverse). Not for applications.
 */
public interface GuardEngine {

    /**
     * Prepares to guard connections under {@code settings}: loads what they name (the listeners of
     * {@code guard.listeners}) now, so a bad setting fails here and not at the first statement.
     *
     * @throws IllegalArgumentException when something the settings name cannot be loaded
     */
    Guarding configure(GuardSettings settings);

    /** Forgets every cached foreign-key graph (the driver is being deregistered). */
    void clearCaches();

    /** Guards connections under one configuration. */
    interface Guarding {
        /**
         * The guarded connection over {@code real}. Every connection with the same {@code databaseKey} (its URL and
         * user) shares one cached foreign-key graph. Closes {@code real} when wrapping fails.
         */
        Connection guard(Connection real, String databaseKey) throws SQLException;
    }

    /** The implementation, found once through {@link ServiceLoader}. */
    static GuardEngine get() {
        return Found.ENGINE;
    }

    /** Holds the engine, loaded lazily and once (the holder idiom). */
    final class Found {
        static final GuardEngine ENGINE = load();

        private Found() {
        }

        private static GuardEngine load() {
            Iterator<GuardEngine> found = ServiceLoader.load(GuardEngine.class, GuardEngine.class.getClassLoader())
                    .iterator();
            if (!found.hasNext()) {
                throw new IllegalStateException("CascadeGuard: no " + GuardEngine.class.getName() + " service in "
                        + "META-INF/services: the driver jar is incomplete (a shaded jar must merge service files)");
            }
            return found.next();
        }
    }
}

package dev.cascadeguard.driver.dialect;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the dialect for a connection among the {@link DialectProvider} services: the highest-priority provider
 * that handles the database, else {@link GenericDialect} (plain {@link DatabaseMetaData}), which handles any.
 */
public final class Dialects {

    private Dialects() {
    }

    public static Dialect forConnection(Connection connection) throws SQLException {
        return detect(connection.getMetaData());
    }

    public static Dialect detect(DatabaseMetaData metaData) throws SQLException {
        DialectProvider best = null;
        for (DialectProvider provider : providers()) {
            try {
                if ((best == null || provider.priority() > best.priority()) && provider.handles(metaData)) {
                    best = provider;
                }
            } catch (SQLException | RuntimeException broken) {
                // one broken third-party provider must not break every guarded connection: the others still decide
            }
        }
        return best != null ? best.create(metaData) : GenericDialect.of(metaData);
    }

    /**
     * The providers this driver's class loader sees (the built-in ones), then those only the thread's context class
     * loader sees (an application server's or build plugin's, where the driver jar sits in a parent loader). One
     * per class, in class-name order so that equal priorities resolve the same way every time.
     */
    static List<DialectProvider> providers() {
        Map<String, DialectProvider> byClass = new LinkedHashMap<>();
        for (ClassLoader loader : new ClassLoader[]{Dialects.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            var services = ServiceLoader.load(DialectProvider.class, loader).iterator();
            while (true) {
                try {
                    if (!services.hasNext()) {
                        break;
                    }
                    DialectProvider provider = services.next();
                    byClass.putIfAbsent(provider.getClass().getName(), provider);
                } catch (ServiceConfigurationError broken) {
                    // another jar's broken entry must not stop the guard from finding the others; GenericDialect
                    // still covers its database
                }
            }
        }
        List<DialectProvider> providers = new ArrayList<>(byClass.values());
        providers.sort(Comparator.comparing(p -> p.getClass().getName()));
        return providers;
    }

    /** The database product name, lower case, for providers that match on it. */
    static String product(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        return product == null ? "" : product.toLowerCase(Locale.ROOT);
    }
}

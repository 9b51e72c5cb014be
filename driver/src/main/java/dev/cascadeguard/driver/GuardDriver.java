package dev.cascadeguard.driver;

import dev.cascadeguard.driver.spi.GuardEngine;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.InvalidSettingException;
import dev.cascadeguard.rules.SettingInfo;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The {@code jdbc:guard:} driver. {@code jdbc:guard:postgresql://host/db} opens {@code jdbc:postgresql://host/db}
 * through whichever driver {@link DriverManager} has for it, and hands back a guarded connection.
 * <p>
 * Registered through {@code META-INF/services/java.sql.Driver} and when the class loads, so both
 * {@code DriverManager.getConnection} and pools that instantiate the driver class themselves (HikariCP's
 * {@code driverClassName}, which then calls {@link #acceptsURL} and {@link #connect} directly) work.
 */
public final class GuardDriver implements Driver {

    public static final String PREFIX = "jdbc:guard:";

    private static final GuardDriver REGISTERED = new GuardDriver();

    static {
        try {
            DriverManager.registerDriver(REGISTERED, GuardDriver::clearCaches);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Deregisters the driver and drops every cached graph, so an application server can unload the class loader
     * that loaded it (call from a {@code ServletContextListener.contextDestroyed} or the like on redeploy).
     */
    public static void deregister() throws SQLException {
        DriverManager.deregisterDriver(REGISTERED);
    }

    private static void clearCaches() {
        GuardEngine.get().clearCaches();
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** The real driver's URL: the prefix stripped once, at the start, and nowhere else. */
    static String realUrl(String url) {
        return "jdbc:" + url.substring(PREFIX.length());
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // the JDBC contract: another driver's URL
        }
        String realUrl = realUrl(url);
        if (acceptsURL(realUrl)) {
            throw new SQLNonTransientConnectionException("CascadeGuard: the URL has the jdbc:guard: prefix twice: "
                    + safeUrl(url), "08001");
        }
        Properties all = info == null ? new Properties() : info;
        GuardSettings settings;
        try {
            settings = GuardSettings.load(all, StraySystemProperties::warnOnce);
        } catch (InvalidSettingException e) {
            throw new SQLNonTransientConnectionException("CascadeGuard: " + e.getMessage(), "08001", e);
        }
        GuardEngine.Guarding guarding;
        try {
            guarding = GuardEngine.get().configure(settings);
        } catch (IllegalArgumentException e) {
            throw new SQLNonTransientConnectionException("CascadeGuard: " + e.getMessage(), "08001", e);
        }
        Driver real = realDriver(realUrl);
        Connection connection;
        try {
            connection = real.connect(realUrl, withoutGuardKeys(all));
        } catch (SQLException e) {
            throw ConnectFailures.withoutSecrets(e, realUrl, all);
        }
        if (connection == null) {
            throw new SQLNonTransientConnectionException("CascadeGuard: " + real.getClass().getName()
                    + " did not accept " + safeUrl(realUrl), "08001");
        }
        return guarding.guard(connection, realUrl + "\u0000" + all.getProperty("user", ""));
    }

    /**
     * The driver for the real URL: first among those DriverManager lets this class see; then, because in
     * application servers and build-tool plugins that is often none (the real driver's jar sits in another class
     * loader), the {@code java.sql.Driver} services of the thread's context class loader and of this one.
     */
    private static Driver realDriver(String realUrl) throws SQLException {
        List<String> seen = new ArrayList<>();
        for (Enumeration<Driver> drivers = DriverManager.getDrivers(); drivers.hasMoreElements(); ) {
            Driver d = drivers.nextElement();
            if (!(d instanceof GuardDriver)) {
                if (d.acceptsURL(realUrl)) {
                    return d;
                }
                seen.add(d.getClass().getName());
            }
        }
        for (ClassLoader loader : new ClassLoader[]{Thread.currentThread().getContextClassLoader(),
                GuardDriver.class.getClassLoader()}) {
            Driver d = fromServices(loader, realUrl, seen);
            if (d != null) {
                return d;
            }
        }
        throw new SQLNonTransientConnectionException("CascadeGuard: no JDBC driver on the class path accepts "
                + safeUrl(realUrl) + ". " + DriverHints.hintFor(realUrl) + " (drivers found: "
                + (seen.isEmpty() ? "none" : String.join(", ", new java.util.LinkedHashSet<>(seen))) + ")", "08001");
    }

    private static Driver fromServices(ClassLoader loader, String realUrl, List<String> seen) {
        if (loader == null) {
            return null;
        }
        try {
            for (Driver d : ServiceLoader.load(Driver.class, loader)) {
                if (!(d instanceof GuardDriver)) {
                    if (d.acceptsURL(realUrl)) {
                        return d;
                    }
                    seen.add(d.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError | SQLException e) {
            // a broken service entry of some other driver: keep looking
        }
        return null;
    }

    static Properties withoutGuardKeys(Properties info) {
        Properties real = new Properties();
        for (String key : info.stringPropertyNames()) {
            if (!key.startsWith("guard.")) {
                real.setProperty(key, info.getProperty(key));
            }
        }
        return real;
    }

    /**
     * A URL fit for a message: everything after the first '?', ';' or '(' (where drivers take passwords and
     * address lists) is left out, and so is a {@code user:password@} or {@code user/password@} before the host.
     */
    static String safeUrl(String url) {
        int cut = url.length();
        for (char c : new char[]{'?', ';', '('}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String head = url.substring(0, cut);
        int at = head.lastIndexOf('@');
        if (at >= 0) {
            int slashes = head.indexOf("//");
            int start = slashes >= 0 && slashes < at ? slashes + 2 : head.lastIndexOf(':', at) + 1;
            head = head.substring(0, start) + "***" + head.substring(at);
        }
        return cut < url.length() ? head + "…" : head;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Properties all = info == null ? new Properties() : info;
        List<DriverPropertyInfo> result = new ArrayList<>();
        for (SettingInfo s : GuardSettings.defaults().describe()) {
            DriverPropertyInfo p = new DriverPropertyInfo(s.key(), all.getProperty(s.key(), s.value()));
            p.description = s.description() + (s.defaultValue().isEmpty() ? "" : " (default " + s.defaultValue() + ")");
            p.choices = s.choices().isEmpty() ? null : s.choices().toArray(new String[0]);
            result.add(p);
        }
        if (acceptsURL(url)) {
            String realUrl = realUrl(url);
            Collections.addAll(result, realDriver(realUrl).getPropertyInfo(realUrl, withoutGuardKeys(all)));
        }
        return result.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false; // compliance is the real driver's; the guard adds checks, not features
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("CascadeGuard logs through SLF4J");
    }
}

package dev.cascadeguard.cli;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Opens a connection through the guard driver, whatever form of URL the user typed. */
final class GuardConnector {

    private GuardConnector() {
    }

    /** {@code jdbc:h2:mem:x} becomes {@code jdbc:guard:h2:mem:x}; a {@code jdbc:guard:} URL stays as it is. */
    static String guardUrl(String url) {
        String trimmed = url.strip();
        if (trimmed.startsWith(GuardDriver.PREFIX)) {
            return trimmed;
        }
        if (!trimmed.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--url must be a JDBC URL starting with jdbc: (for example "
                    + "jdbc:postgresql://127.0.0.1:5432/app), not " + firstWord(trimmed));
        }
        return GuardDriver.PREFIX + trimmed.substring("jdbc:".length());
    }

    /**
     * A guarded connection with autocommit off. {@code rulesFile} becomes {@code guard.rules}; without it the
     * usual layers apply (system properties, {@code cascade-guard.properties} on the class path, defaults).
     */
    static Connection open(String url, String user, String password, Path rulesFile) throws SQLException {
        String guardUrl = guardUrl(url);
        if (rulesFile != null && !Files.isRegularFile(rulesFile)) {
            throw new IllegalArgumentException("--rules: no such file: " + rulesFile);
        }
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        if (rulesFile != null) {
            info.setProperty("guard.rules", rulesFile.toString());
        }
        if (guardUrl.startsWith(GuardDriver.PREFIX + "postgresql:") && !guardUrl.contains("stringtype=")) {
            // --param values are strings; PostgreSQL would type them varchar and refuse "int_column = varchar".
            // Sent untyped, the server infers each one's type from where it stands, as in a typed-in literal.
            info.setProperty("stringtype", "unspecified");
        }
        // straight to the guard driver: no dependence on DriverManager's service loading picking it first
        Connection connection = new GuardDriver().connect(guardUrl, info);
        try {
            // preview changes nothing, and a transaction that is always rolled back makes doubly sure
            connection.setAutoCommit(false);
            connection.unwrap(GuardConnection.class);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * A plain connection to the real driver (the URL without {@code guard:}), for reading the catalog only: lint
     * guards no statement. Autocommit stays on, so a failing catalog query aborts nothing.
     */
    static Connection openPlain(String url, String user, String password) throws SQLException {
        String plainUrl = "jdbc:" + guardUrl(url).substring(GuardDriver.PREFIX.length());
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        return java.sql.DriverManager.getConnection(plainUrl, info);
    }

    /** The guard settings a connection with {@code rulesFile} would have: system properties, files, defaults. */
    static dev.cascadeguard.rules.GuardSettings settings(Path rulesFile) {
        Properties info = new Properties();
        if (rulesFile != null) {
            if (!Files.isRegularFile(rulesFile)) {
                throw new IllegalArgumentException("--rules: no such file: " + rulesFile);
            }
            info.setProperty("guard.rules", rulesFile.toString());
        }
        return dev.cascadeguard.rules.GuardSettings.load(info);
    }

    /** Never echo a whole argument that may hold a password; the first word is enough to see the mistake. */
    private static String firstWord(String s) {
        int cut = s.length();
        for (char c : new char[]{' ', '?', ';', '@', '/'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return "'" + s.substring(0, cut) + (cut < s.length() ? "…'" : "'");
    }
}

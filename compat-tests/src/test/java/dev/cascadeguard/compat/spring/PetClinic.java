package dev.cascadeguard.compat.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cascadeguard.compat.spring.petclinic.PetClinicApp;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Starting the PetClinic test application programmatically, and looking at its database with plain JDBC. */
final class PetClinic {

    static final String SCHEMA = "classpath:spring/petclinic/schema-h2.sql";
    static final String DATA = "classpath:spring/petclinic/data-h2.sql";
    static final String KENNEL = "classpath:spring/petclinic/data-h2-kennel.sql";

    /** The tables the PetClinic schema holds, children first (the order schema-h2.sql drops them in). */
    static final List<String> TABLES =
            List.of("vet_specialties", "vets", "specialties", "visits", "pets", "types", "owners");

    private PetClinic() {
    }

    /** {@code jdbc:h2:mem:<unique>;DB_CLOSE_DELAY=-1}: an in-memory database that outlives its connections. */
    static String newH2Url(String label) {
        return "jdbc:h2:mem:" + label + "_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
    }

    /** The same database through the guard: {@code jdbc:guard:} + the URL without {@code jdbc:}. */
    static String guard(String jdbcUrl) {
        return "jdbc:guard:" + jdbcUrl.substring("jdbc:".length());
    }

    /**
     * Starts the application with these {@code --key=value} arguments (command-line properties), on the calling
     * thread, as a test suite does for each distinct context. No application.properties is read.
     */
    static ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.name=cascadeguard-spring-compat-none",
                "--spring.jmx.enabled=false",
                "--spring.jpa.open-in-view=false"));
        Arrays.stream(properties).map(p -> "--" + p).forEach(args::add);
        return new SpringApplicationBuilder(sources)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    static ConfigurableApplicationContext start(String... properties) {
        return start(new Class<?>[] {PetClinicApp.class}, properties);
    }

    /** The URL-prefix recipe on H2: the guard URL and its driver class, schema.sql and data.sql at every start. */
    static String[] guardUrlWithScripts(String h2Url, String dataLocations) {
        return new String[] {
                "spring.datasource.url=" + guard(h2Url),
                "spring.datasource.driver-class-name=dev.cascadeguard.driver.GuardDriver",
                "spring.datasource.username=sa",
                "spring.datasource.password=",
                "spring.sql.init.mode=always",
                "spring.sql.init.schema-locations=" + SCHEMA,
                "spring.sql.init.data-locations=" + dataLocations,
                "spring.jpa.hibernate.ddl-auto=none"};
    }

    static long count(String jdbcUrl, String table) throws SQLException {
        return queryLong(jdbcUrl, "select count(*) from " + table);
    }

    static long queryLong(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = plain(jdbcUrl); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(String jdbcUrl, String... statements) throws SQLException {
        try (Connection c = plain(jdbcUrl); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Which of the PetClinic tables exist, as the plain driver sees them (lower case). */
    static List<String> existingTables(String jdbcUrl) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = plain(jdbcUrl)) {
            String schema = c.getSchema();
            for (String table : TABLES) {
                String name = c.getMetaData().storesUpperCaseIdentifiers() ? table.toUpperCase() : table;
                try (ResultSet rs = c.getMetaData().getTables(null, schema, name, new String[] {"TABLE"})) {
                    if (rs.next()) {
                        found.add(table);
                    }
                }
            }
        }
        return found;
    }

    /** Row counts of the tables that exist, "table=count" in {@link #TABLES} order. */
    static String counts(String jdbcUrl) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String table : existingTables(jdbcUrl)) {
            parts.add(table + "=" + count(jdbcUrl, table));
        }
        return String.join(" ", parts);
    }

    /** Drops an in-memory H2 database (they outlive their connections with DB_CLOSE_DELAY=-1). */
    static void shutdownH2(String h2Url) throws SQLException {
        execute(h2Url, "SHUTDOWN");
    }

    static Connection plain(String jdbcUrl) throws SQLException {
        return jdbcUrl.startsWith("jdbc:h2:")
                ? DriverManager.getConnection(jdbcUrl, "sa", "")
                : DriverManager.getConnection(jdbcUrl);
    }

    /** The first SQLException with this SQLState in the cause chain (causes, suppressed, next exceptions), or null. */
    static SQLException findSqlState(Throwable thrown, String sqlState) {
        List<Throwable> seen = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(thrown));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (t == null || seen.stream().anyMatch(s -> s == t)) {
                continue;
            }
            seen.add(t);
            if (t instanceof SQLException sql) {
                if (sqlState.equals(sql.getSQLState())) {
                    return sql;
                }
                todo.add(sql.getNextException());
            }
            todo.add(t.getCause());
            todo.addAll(Arrays.asList(t.getSuppressed()));
        }
        return null;
    }

    /** The cause chain as "Type: message" lines, for failure messages. */
    static String chain(Throwable thrown) {
        List<String> lines = new ArrayList<>();
        for (Throwable t = thrown; t != null && lines.size() < 20; t = t.getCause()) {
            String state = t instanceof SQLException sql ? " [SQLState " + sql.getSQLState() + "]" : "";
            lines.add(t.getClass().getName() + state + ": " + t.getMessage());
        }
        return String.join("\n  caused by ", lines);
    }

    /** Collects WARN and ERROR events of every logger while it is open (attached to Logback's root logger). */
    static final class Warnings implements AutoCloseable {

        private final Logger root;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        Warnings() {
            LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
        }

        List<String> list() {
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName()
                            + ": " + e.getThrowableProxy().getMessage() + ")"))
                    .collect(Collectors.toList());
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}

package dev.cascadeguard.driver.enforce;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #20: a {@code -Dguard.*} of another tool leaves the guard working; one of the guard's own with a bad value fails. */
class StraySystemPropertyTest {

    /** Sets a system property for the body and restores what was there, so no other test sees it. */
    private interface Body {
        void run() throws Exception;
    }

    private static void withSystemProperty(String key, String value, Body body) throws Exception {
        String before = System.getProperty(key);
        System.setProperty(key, value);
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void strayPropertyIsWarnedOnceAndTheGuardStillStopsStatements() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("cascadeguard");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        String stray = "guard.otherTool.token" + System.nanoTime(); // unique: the warning is once per JVM
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            withSystemProperty(stray, "hunter2-secret", () -> {
                for (int connection = 0; connection < 3; connection++) {
                    try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                        assertThatThrownBy(() -> s.executeUpdate(SeedSchema.DELETE_TEST_ORG))
                                .isInstanceOfSatisfying(SQLException.class,
                                        e -> assertThat(e.getSQLState()).isEqualTo("XG001"));
                    }
                }
            });
            assertThat(SeedSchema.counts(db)).isEqualTo(SeedSchema.ALL);
        } finally {
            logger.detachAppender(appender);
        }
        List<ILoggingEvent> warnings = appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(stray)).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage())
                .contains("ignores the JVM system property " + stray)
                .contains("did you mean guard.")
                .doesNotContain("hunter2-secret");
    }

    @Test
    void guardKeyWithABadValueFailsTheConnectionNamingTheSystemProperties() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            withSystemProperty("guard.confirmAbove", "lots", () ->
                    assertThatThrownBy(() -> DriverManager.getConnection(db.guardUrl()).close())
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                            .hasMessage("CascadeGuard: guard.confirmAbove = \"lots\": expected a whole number of rows, "
                                    + "0 or more (from system properties)"));
        }
    }

    @Test
    void unknownKeyInConnectionPropertiesStillFailsTheConnection() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            assertThatThrownBy(() -> SeedSchema.guarded(db, "guard.confirmAbov", "5").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                    .hasMessageStartingWith("CascadeGuard: unknown setting guard.confirmAbov "
                            + "(did you mean guard.confirmAbove?)");
        }
    }
}

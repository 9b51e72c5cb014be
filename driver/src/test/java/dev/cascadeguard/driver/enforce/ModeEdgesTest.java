package dev.cascadeguard.driver.enforce;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.cascadeguard.driver.enforce.SeedSchema.AFTER_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static dev.cascadeguard.driver.enforce.SeedSchema.guarded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Warn and off modes at their edges, and settings errors through a pool. */
class ModeEdgesTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void warnModeLetsAnUncheckableStatementReachTheDatabase(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.mode", "warn"); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.execute("DELETE FROM organizations WHERE (((("),
                        SQLException.class);
                assertThat((Throwable) e).isNotInstanceOf(CascadeGuardException.class);
                assertThat(e.getSQLState()).startsWith("42");
            }
            assertThat(audit.fields()).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("event", "would-stop").containsEntry("decision", "BLOCK")
                    .containsEntry("rule", "guard.onEstimateError").containsEntry("mode", "warn"));
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void offModeStillConsumesSessionCommandsAndLogsNothing(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.mode", "off", "guard.deleteWithoutWhere", "BLOCK");
                 Statement s = c.createStatement()) {
                assertThat(s.execute("SET guard.allow_rows = 5")).isFalse(); // not sent to the database
                assertThat(s.executeUpdate(DELETE_TEST_ORG)).isEqualTo(1);
                assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
                assertThat(s.executeUpdate("DELETE FROM invoices")).isEqualTo(2);
            }
            assertThat(audit.events()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void badSettingInHikariDataSourcePropertiesFailsThePoolNamingTheKey(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.guardUrl());
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("guard.mode", "loud");
            assertThatThrownBy(() -> new HikariDataSource(config).close())
                    .hasStackTraceContaining("guard.mode")
                    .hasStackTraceContaining("loud");
        }
    }
}

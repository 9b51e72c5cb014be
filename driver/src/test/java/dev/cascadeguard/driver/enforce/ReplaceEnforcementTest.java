package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.AFTER_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * REPLACE through the driver (logAbove=5, confirmAbove=15): decided by the same thresholds as a DELETE of the rows it
 * replaces; an upsert that replaces nothing, and the upserts that update in place, run.
 */
class ReplaceEnforcementTest {

    private static String replace(TestDatabase kind) {
        return (kind == TestDatabase.SQLITE ? "INSERT OR REPLACE" : "REPLACE") + " INTO organizations (id, name) VALUES (?, ?)";
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void overTheThresholdItNeedsConfirmationAndTheOverrideLetsItRun(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db); PreparedStatement ps = c.prepareStatement(replace(kind))) {
                ps.setInt(1, 1);
                ps.setString(2, "renamed");
                SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(counts(db)).isEqualTo(ALL);

                try (Statement s = c.createStatement()) {
                    s.execute("SET guard.allow_rows = 20");
                }
                ps.executeUpdate();
                // the organization is back under its id, everything below it is gone, as the guard counted
                var after = new java.util.LinkedHashMap<>(AFTER_TEST_ORG);
                after.put("organizations", 2L);
                assertThat(counts(db)).isEqualTo(after);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void anUpsertThatReplacesNothingRuns(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db, "guard.confirmAbove", "0");
                 PreparedStatement ps = c.prepareStatement(replace(kind))) {
                ps.setInt(1, 3);
                ps.setString(2, "new-org");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(db.count("organizations")).isEqualTo(3);
        }
    }

    /** Upserts that update the conflicting row in place delete nothing: they pass through as before. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE", "POSTGRES"})
    void upsertsThatUpdateInPlacePassThrough(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            String sql = kind == TestDatabase.MARIADB
                    ? "INSERT INTO organizations (id, name) VALUES (1, 'test-org') ON DUPLICATE KEY UPDATE name = 'renamed'"
                    : "INSERT INTO organizations (id, name) VALUES (1, 'test-org') ON CONFLICT (id) DO UPDATE SET name = 'renamed'";
            try (Connection c = SeedSchema.guarded(db, "guard.confirmAbove", "0"); Statement s = c.createStatement()) {
                s.executeUpdate(sql);
            }
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }
}

package dev.cascadeguard.junit;

import com.github.database.rider.core.api.connection.ConnectionHolder;
import com.github.database.rider.core.api.dataset.DataSet;
import com.github.database.rider.junit5.api.DBRider;
import dev.cascadeguard.driver.GuardDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Beside a Flyway clean()+migrate() extension and Database Rider's @DataSet(cleanBefore, cleanAfter), on H2. */
class ToolsCleanupTest {

    static JdbcDataSource h2;
    static GuardDataSource guarded;
    static Connection plain;
    static long historyRows;
    /** A second database with the Shop schema (unquoted names) for Database Rider. */
    static GuardDataSource riderGuarded;
    static Connection riderPlain;

    @BeforeAll
    static void database() throws SQLException {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:tools_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        plain = h2.getConnection();
        guarded = new GuardDataSource(h2);
        JdbcDataSource rider = new JdbcDataSource();
        rider.setURL("jdbc:h2:mem:rider_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        riderPlain = rider.getConnection();
        Shop.create(rider);
        riderGuarded = new GuardDataSource(rider);
    }

    @AfterAll
    static void shutdown() throws SQLException {
        try (Statement s = plain.createStatement()) {
            s.execute("shutdown");
        }
        try (Statement s = riderPlain.createStatement()) {
            s.execute("shutdown");
        }
    }

    static void migrateFresh() throws SQLException {
        try (Statement s = plain.createStatement()) {
            s.execute("drop all objects");
        }
        org.flywaydb.core.Flyway.configure().dataSource(h2).locations("classpath:db/shop").load().migrate();
        historyRows = Shop.count(plain, "\"flyway_schema_history\"");
    }

    // ---- Flyway ----

    static class FlywayResetWithoutProtection {
        @RegisterExtension @Order(1)
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(1000).protect();
        @RegisterExtension @Order(2)
        static FlywayReset reset = new FlywayReset(guarded);

        @Test
        void freshSchema(CleanupReport report) throws SQLException {
            try (Connection c = guarded.getConnection()) {
                assertThat(Shop.count(c, "orders")).isEqualTo(30);   // the dirt below is gone, the seed is back
            }
            assertThat(report.rows("flyway_schema_history")).isEqualTo(historyRows);
            assertThat(report.totalRows()).isEqualTo(10 + 30 + 5 + 1 + historyRows);
        }
    }

    static class FlywayResetWithDefaults {
        @RegisterExtension @Order(1)
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded);   // protects flyway_schema_history
        @RegisterExtension @Order(2)
        static FlywayReset reset = new FlywayReset(guarded);

        @Test
        void freshSchema() {
        }
    }

    @Test
    void aFlywayCleanExtensionRunsWithinTheBudgetWhenNothingIsProtected() throws SQLException {
        migrateFresh();
        try (Statement s = plain.createStatement()) {
            s.execute("insert into customers values (11, 'dirt')");   // left behind by an earlier test
        }
        var results = Shop.run(FlywayResetWithoutProtection.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(plain, "customers")).isEqualTo(10);
        assertThat(Shop.count(plain, "\"flyway_schema_history\"")).isEqualTo(historyRows);
    }

    @Test
    void aFlywayCleanExtensionIsStoppedAtTheProtectedHistoryTable() throws SQLException {
        migrateFresh();
        var results = Shop.run(FlywayResetWithDefaults.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        Throwable failure = Shop.failure(results);
        assertThat(Shop.sqlState(failure)).isEqualTo("XG002");
        assertThat(failure.getMessage()).containsIgnoringCase("flyway_schema_history");
        assertThat(Shop.count(plain, "\"flyway_schema_history\"")).isEqualTo(historyRows);
    }

    // ---- Database Rider ----

    @DBRider
    static class RiderSkippingHistory {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(riderGuarded).maxRows(100);
        ConnectionHolder connectionHolder = () -> riderGuarded.getConnection();

        @Test
        @DataSet(value = "datasets/shop.yml", cleanBefore = true, cleanAfter = true, skipCleaningFor = "FLYWAY_SCHEMA_HISTORY")
        void withDataSet(CleanupReport report) throws SQLException {
            try (Connection c = riderGuarded.getConnection()) {
                assertThat(Shop.count(c, "customers")).isEqualTo(2);
            }
            assertThat(report.rows("customers")).isEqualTo(10);
            assertThat(report.rows("audit_log")).isEqualTo(5);
        }
    }

    @DBRider
    static class RiderCleaningEverything {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(riderGuarded).maxRows(100);
        ConnectionHolder connectionHolder = () -> riderGuarded.getConnection();

        @Test
        @DataSet(value = "datasets/shop.yml", cleanBefore = true)
        void withDataSet() {
        }
    }

    @Test
    void databaseRiderCleansWithinTheBudgetAndSkipsTheHistory() throws SQLException {
        Shop.seed(riderPlain);
        var results = Shop.run(RiderSkippingHistory.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(riderPlain, "customers")).isZero();   // cleanAfter
        assertThat(Shop.count(riderPlain, "audit_log")).isZero();
        assertThat(Shop.count(riderPlain, "flyway_schema_history")).isEqualTo(2);
    }

    @Test
    void databaseRiderCleaningTheHistoryTableIsStoppedAndTheTestFailsThoughRiderOnlyLogsIt() throws SQLException {
        Shop.seed(riderPlain);
        var results = Shop.run(RiderCleaningEverything.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        // Rider catches the XG002 of its cleanBefore ("Could not clean database before test", a WARN) and goes on;
        // the guard saw the stop on the test thread and fails the test after the last afterEach
        assertThat(Shop.failure(results)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CascadeGuard stopped 1 statement during RiderCleaningEverything#withDataSet")
                .hasMessageContaining("FLYWAY_SCHEMA_HISTORY 2 DELETE");
        assertThat(Shop.count(riderPlain, "audit_log")).isEqualTo(5);   // the blocked batch deleted nothing
        assertThat(Shop.count(riderPlain, "flyway_schema_history")).isEqualTo(2);
    }
}

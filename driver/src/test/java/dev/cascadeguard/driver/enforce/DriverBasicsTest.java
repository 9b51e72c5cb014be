package dev.cascadeguard.driver.enforce;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDriver;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The driver as applications and pools meet it. */
class DriverBasicsTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void driverManagerOpensGuardUrls(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = DriverManager.getConnection(db.guardUrl())) {
                assertThat(c.isWrapperFor(GuardConnection.class)).isTrue();
                assertThat(DriverManager.getDriver(db.guardUrl())).isInstanceOf(GuardDriver.class);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from users")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void hikariWithJdbcUrlAppliesDataSourceProperties(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.guardUrl());
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("guard.confirmAbove", "5");
            checkPool(db, config);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void hikariWithDriverClassNameAppliesDataSourceProperties(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            HikariConfig config = new HikariConfig();
            config.setDriverClassName(GuardDriver.class.getName());
            config.setJdbcUrl(db.guardUrl());
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("guard.confirmAbove", "5");
            checkPool(db, config);
        }
    }

    private static void checkPool(TestDb db, HikariConfig config) throws SQLException {
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection();
             Statement s = c.createStatement()) {
            assertThat(c.unwrap(GuardConnection.class)).isInstanceOf(GuardConnection.class);
            // 11 rows: runs under the default confirmAbove (1000), fails under the pool's 5
            SQLException e = catchThrowableOfType(
                    () -> s.executeUpdate("DELETE FROM organizations WHERE name = 'other-org'"), SQLException.class);
            assertThat((Throwable) e).as("guard.confirmAbove=5 from dataSourceProperties").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("XG001");
            assertThat(e.getMessage()).contains("guard.confirmAbove (5)");
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @Test
    void acceptsUrlOnlyForTheGuardPrefix() throws Exception {
        Driver d = new GuardDriver();
        assertThat(d.acceptsURL("jdbc:guard:h2:mem:x")).isTrue();
        assertThat(d.acceptsURL("jdbc:guard:postgresql://h/db")).isTrue();
        assertThat(d.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(d.acceptsURL("jdbc:postgresql://h/db?x=jdbc:guard:y")).isFalse();
        assertThat(d.acceptsURL("JDBC:GUARD:h2:mem:x")).isFalse();
        assertThat(d.acceptsURL(null)).isFalse();
        assertThat(d.connect("jdbc:h2:mem:x", new Properties())).isNull();
    }

    @Test
    void missingRealDriverSaysWhatToAdd() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard:nosuchdb:x"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("jdbc:nosuchdb:x")
                .hasMessageContaining("nosuchdb")
                .hasMessageContaining("class path");
        // MySQL Connector/J is a test dependency: jdbc:guard:mysql: reaches it, and its own connection error comes back
        assertThatThrownBy(() -> new GuardDriver().connect("jdbc:guard:mysql://127.0.0.1:1/x", new Properties()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Communications link failure");
    }

    @Test
    void doublePrefixFailsClearly() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard:guard:h2:mem:x"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("jdbc:guard: prefix twice")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }

    @Test
    void prefixStrippedOnlyOnceSoAParameterValueKeepsIt() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create();
             Connection c = DriverManager.getConnection(db.guardUrl() + "&ApplicationName=jdbc:guard:app");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('application_name')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("jdbc:guard:app");
        }
    }

    @Test
    void propertyInfoListsGuardKeysFirstThenTheRealDrivers() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            DriverPropertyInfo[] info = DriverManager.getDriver(db.guardUrl()).getPropertyInfo(db.guardUrl(), new Properties());
            List<String> names = Arrays.stream(info).map(p -> p.name).toList();
            int firstReal = 0;
            while (firstReal < names.size() && names.get(firstReal).startsWith("guard.")) {
                firstReal++;
            }
            assertThat(names.subList(0, firstReal)).contains("guard.mode", "guard.logAbove", "guard.confirmAbove",
                    "guard.blockAbove", "guard.onEstimateError", "guard.allowSqlOverride", "guard.auditParameters");
            assertThat(names.subList(firstReal, names.size())).isNotEmpty().contains("user", "password")
                    .noneMatch(n -> n.startsWith("guard."));
            DriverPropertyInfo mode = info[names.indexOf("guard.mode")];
            assertThat(mode.value).isEqualTo("enforce");
            assertThat(mode.choices).contains("enforce", "warn", "off");
        }
    }

    @Test
    void unwrapThroughHikariAndToPgConnection() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.guardUrl());
            config.setMaximumPoolSize(1);
            try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
                GuardConnection guard = c.unwrap(GuardConnection.class);
                assertThat(guard).isNotNull();
                assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
                org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
                assertThat(pg.getBackendPID()).isPositive();
                assertThat(guard.unwrap(org.postgresql.PGConnection.class).getBackendPID()).isEqualTo(pg.getBackendPID());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void resultsIdenticalToThePlainUrl(TestDatabase kind) throws Exception {
        List<String> plain;
        List<String> guarded;
        try (TestDb db = kind.create(); Connection c = DriverManager.getConnection(db.jdbcUrl())) {
            plain = script(c);
        }
        try (TestDb db = kind.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            guarded = script(c);
        }
        assertThat(guarded).isEqualTo(plain);
        assertThat(plain).contains("update:3", "update:2", "row:1|a|20", "row:3|c|12");
    }

    /** A mix of DDL, INSERT, UPDATE, DELETE and SELECT; every update count and row, in order. */
    private static List<String> script(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            out.add("execute:" + s.execute("create table t (id int primary key, name varchar(20), n int)"));
            out.add("update:" + s.executeUpdate("insert into t values (1, 'a', 10), (2, 'b', 11), (3, 'c', 12)"));
            out.add("update:" + s.executeUpdate("update t set n = n + 10 where id <= 2"));
            out.add("update:" + s.executeUpdate("delete from t where id = 2"));
            out.add("update:" + s.executeUpdate("update t set n = n where id = 99"));
            out.add("execute:" + s.execute("alter table t add column extra int"));
            out.add("update:" + s.executeUpdate("create index t_name on t (name)"));
            rows(s.executeQuery("select id, name, n from t order by id"), out);
            out.add("execute:" + s.execute("select count(*) from t"));
            rows(s.getResultSet(), out);
        }
        try (PreparedStatement ps = c.prepareStatement("insert into t (id, name, n) values (?, ?, ?)")) {
            for (int i = 10; i < 13; i++) {
                ps.setInt(1, i);
                ps.setString(2, "p" + i);
                ps.setInt(3, i);
                ps.addBatch();
            }
            out.add("batch:" + Arrays.toString(ps.executeBatch()));
        }
        try (PreparedStatement ps = c.prepareStatement("select name from t where n > ? order by id")) {
            ps.setInt(1, 11);
            rows(ps.executeQuery(), out);
        }
        try (PreparedStatement ps = c.prepareStatement("delete from t where id >= ?")) {
            ps.setInt(1, 11);
            out.add("update:" + ps.executeUpdate());
        }
        return out;
    }

    private static void rows(ResultSet rs, List<String> out) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder("row:");
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
    }

    /**
     * BUG: the session override lives in the physical connection's guard and is cleared only when the physical
     * connection closes; HikariCP's close() returns it to the pool, so the next borrower inherits the override.
     */
    @Test
    void overrideDoesNotSurviveReturnToTheHikariPool() throws Exception {
        for (TestDatabase kind : new TestDatabase[]{TestDatabase.H2, TestDatabase.POSTGRES}) {
            if (!kind.reachableOrSay()) {
                continue;
            }
            try (TestDb db = kind.create()) {
                SeedSchema.create(db);
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(db.guardUrl());
                config.setMaximumPoolSize(1);
                config.addDataSourceProperty("guard.confirmAbove", "15");
                try (HikariDataSource pool = new HikariDataSource(config)) {
                    Object physical;
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        physical = c.unwrap(GuardConnection.class);
                        s.execute("SET guard.allow_rows = 20");
                    }
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        assertThat(c.unwrap(GuardConnection.class)).as("same physical connection").isSameAs(physical);
                        SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                        assertThat((Throwable) e).as(kind + ": override set before close() must not cover the next borrower")
                                .isNotNull();
                        assertThat(e.getSQLState()).isEqualTo("XG001");
                        assertThat(counts(db)).isEqualTo(ALL);
                    }
                }
            }
        }
    }
}

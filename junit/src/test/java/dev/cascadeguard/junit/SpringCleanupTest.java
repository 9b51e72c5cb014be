package dev.cascadeguard.junit;

import dev.cascadeguard.driver.GuardDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.jdbc.Sql;
import org.springframework.test.jdbc.JdbcTestUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * @GuardedCleanup in a @SpringBootTest with the starter (H2): beside @Sql(AFTER_TEST_METHOD) and JdbcTestUtils, and
 * the before-ordering with SpringExtension. Every example class shares one application context (same configuration).
 */
class SpringCleanupTest {

    static final String URL = "jdbc:h2:mem:spring_cleanup;DB_CLOSE_DELAY=-1";
    static final String DB = "spring.datasource.url=" + URL;
    static Connection plain;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @BeforeAll
    static void database() throws SQLException {
        plain = DriverManager.getConnection(URL, "sa", "");
        try (Statement s = plain.createStatement()) {
            for (String sql : Shop.SCHEMA) {
                s.execute(sql);
            }
        }
    }

    @BeforeEach
    void seed() throws SQLException {
        Shop.seed(plain);
    }

    @AfterAll
    static void close() throws SQLException {
        plain.close();
    }

    // ---- example test classes ----

    @GuardedCleanup(maxRows = 100)
    @SpringBootTest(classes = App.class, properties = DB)
    @Sql(scripts = "classpath:cleanup/delete-all.sql", executionPhase = Sql.ExecutionPhase.AFTER_TEST_METHOD)
    static class SqlAfterWithinBudget {
        @Autowired DataSource dataSource;

        @Test
        void theDataSourceIsTheStartersGuardedOne() throws SQLException {
            assertThat(dataSource.isWrapperFor(GuardDataSource.class)).isTrue();
        }
    }

    @GuardedCleanup(maxRows = 5)
    @SpringBootTest(classes = App.class, properties = DB)
    @Sql(scripts = "classpath:cleanup/delete-all.sql", executionPhase = Sql.ExecutionPhase.AFTER_TEST_METHOD)
    static class SqlAfterOverBudget {
        @Test
        void body() {
        }
    }

    @GuardedCleanup(maxRows = 40, dataSource = "dataSource")
    @SpringBootTest(classes = App.class, properties = DB)
    static class WithJdbcTestUtils {
        @Autowired JdbcTemplate jdbc;

        @Test
        void body(CleanupReport report) {
            jdbc.update("delete from orders where id = 1");
            assertThat(report.totalRows()).isEqualTo(1);
        }

        @AfterEach
        void cleanup(CleanupReport report) {
            assertThat(JdbcTestUtils.deleteFromTables(jdbc, "orders", "customers")).isEqualTo(39);
            assertThat(report.totalRows()).isEqualTo(40);
            assertThat(report.rows("customers")).isEqualTo(10);
        }
    }

    @GuardedCleanup(maxRows = 40)
    @SpringBootTest(classes = App.class, properties = DB)
    @Sql(statements = "delete from orders", executionPhase = Sql.ExecutionPhase.BEFORE_TEST_METHOD)
    static class SqlBeforeGuardFirst {
        @Test
        void body() {
        }
    }

    @SpringBootTest(classes = App.class, properties = DB)
    @GuardedCleanup(maxRows = 40)
    @Sql(statements = "delete from orders", executionPhase = Sql.ExecutionPhase.BEFORE_TEST_METHOD)
    static class SqlBeforeGuardSecond {
        @Test
        void body() {
        }
    }

    @GuardedCleanup(dataSource = "noSuchBean")
    @SpringBootTest(classes = App.class, properties = DB)
    static class WrongBeanName {
        @Test
        void body() {
        }
    }

    // ---- the cases ----

    @Test
    void sqlAfterTestMethodRunsWithinTheBudget() throws SQLException {
        var results = Shop.run(SqlAfterWithinBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(plain, "customers")).isZero();
        assertThat(Shop.count(plain, "orders")).isZero();
        assertThat(Shop.count(plain, "flyway_schema_history")).isEqualTo(2);
        assertThat(Shop.reportEntries(results)).containsExactly("cleanup destroyed 40 rows in 2 tables");
    }

    @Test
    void sqlAfterTestMethodOverBudgetFailsTheTestAndDeletesNothing() throws SQLException {
        var results = Shop.run(SqlAfterOverBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        assertThat(Shop.sqlState(Shop.failure(results))).isEqualTo("XG002");
        assertThat(Shop.counts(plain)).isEqualTo(Shop.SEEDED);
    }

    @Test
    void jdbcTestUtilsInAfterEachIsCountedAndReported() throws SQLException {
        var results = Shop.run(WithJdbcTestUtils.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(plain, "customers")).isZero();
        assertThat(Shop.count(plain, "audit_log")).isEqualTo(5);
    }

    @Test
    void sqlBeforeTestMethodIsCoveredOnlyWhenTheGuardIsDeclaredBeforeSpringBootTest() throws SQLException {
        var first = Shop.run(SqlBeforeGuardFirst.class);
        first.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(plain, "orders")).isZero();

        Shop.seed(plain);
        var second = Shop.run(SqlBeforeGuardSecond.class);
        second.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        // SpringExtension's beforeEach ran first: the DELETE without WHERE met the ordinary rules (XG001), no budget
        assertThat(Shop.sqlState(Shop.failure(second))).isEqualTo("XG001");
        assertThat(Shop.count(plain, "orders")).isEqualTo(30);
    }

    @Test
    void aBeanNameThatIsNotThereFailsWithTheNamesThereAre() throws SQLException {
        var results = Shop.run(WrongBeanName.class);
        assertThat(Shop.failure(results)).hasMessageContaining("no DataSource bean of that name")
                .hasMessageContaining("[dataSource]");
        assertThat(Shop.counts(plain)).isEqualTo(Shop.SEEDED);
    }
}

package dev.cascadeguard.junit;

import dev.cascadeguard.driver.GuardDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The @RegisterExtension form on H2, run through the EngineTestKit; every case checks the rows left in the database. */
class PlainJUnitCleanupTest {

    static JdbcDataSource h2;
    static GuardDataSource guarded;
    static Connection plain;

    @BeforeAll
    static void database() throws SQLException {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:plain_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        plain = h2.getConnection();
        Shop.create(h2);
        guarded = new GuardDataSource(h2);
    }

    @BeforeEach
    void seed() throws SQLException {
        Shop.seed(plain);
    }

    @AfterAll
    static void shutdown() throws SQLException {
        try (Statement s = plain.createStatement()) {
            s.execute("shutdown");
        }
    }

    static void run(String sql) throws SQLException {
        try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    // ---- example test classes, run only through the kit (surefire skips nested classes) ----

    static class WithinBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(100).protect("flyway_schema_history", "audit_log");

        @Test
        void deletesEveryCustomer(CleanupReport report) throws SQLException {
            run("delete from customers");   // no WHERE, cascades to 30 orders: 40 rows
            assertThat(report.totalRows()).isEqualTo(40);
            assertThat(report.rows("ORDERS")).isEqualTo(30);
        }

        @AfterEach
        void cleanup(CleanupReport report) throws SQLException {
            run("truncate table orders");   // empty by now: 0 rows
            assertThat(report.statements()).hasSize(2);
        }
    }

    static class OverBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(20);

        @Test
        void deletesEveryCustomer() throws SQLException {
            run("delete from orders where id <= 5");   // 5 of the 20
            run("delete from customers");              // 10 + the 25 orders left: over what is left (15)
        }
    }

    static class TouchesProtectedTable {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).protect("flyway_schema_history", "audit_log");

        @Test
        void truncatesAuditLog() throws SQLException {
            run("truncate table audit_log");
        }

        @Test
        void deletesOneHistoryRow() throws SQLException {
            run("delete from flyway_schema_history where installed_rank = 2");
        }
    }

    static class AnnotationOverridesRegistered {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(1000);

        @Test
        @GuardedCleanup(maxRows = 3)
        void smallBudget() throws SQLException {
            run("delete from orders where id <= 4");
        }
    }

    static class RegisteredProtectionAndAMethodBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).protect("audit_log");

        @Test
        @GuardedCleanup(maxRows = 10)
        void truncatesAuditLog() throws SQLException {
            run("truncate table audit_log");
        }
    }

    static class RegisteredFailOnStoppedAndAMethodBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).failOnStopped(false);

        @Test
        @GuardedCleanup(maxRows = 10)
        void triggersAStopOnPurpose() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("delete from customers"))
                    .isInstanceOf(SQLException.class);
        }
    }

    static class RegisteredProtectionAndANestedClassBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).protect("audit_log");

        @org.junit.jupiter.api.Nested
        @GuardedCleanup(maxRows = 10)
        class Inner {
            @Test
            void deletesAnAuditRow() throws SQLException {
                run("delete from audit_log where id = 1");
            }
        }
    }

    @GuardedCleanup
    static class RegisteredAsExtension {
        @RegisterExtension
        static org.junit.jupiter.api.extension.Extension guard = CleanupGuard.forDataSource(guarded).maxRows(3);

        @Test
        void deletesFourOrders() throws SQLException {
            run("delete from orders where id <= 4");
        }
    }

    static class Unguarded {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(h2);

        @Test
        void deletes() throws SQLException {
            try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from orders");
            }
        }
    }

    @GuardedCleanup
    static class AnnotationWithoutSpringOrDataSource {
        @Test
        void deletes() throws SQLException {
            run("delete from orders where id = 1");
        }
    }

    // ---- the cases ----

    @Test
    void theAnnotationWithoutSpringOrARegisteredDataSourceSaysWhatToDo() throws SQLException {
        var results = Shop.run(AnnotationWithoutSpringOrDataSource.class);
        assertThat(Shop.failure(results)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("no DataSource to guard")
                .hasMessageContaining("CleanupGuard.forDataSource(dataSource)");
        assertThat(Shop.count(plain, "orders")).isEqualTo(30);
    }

    @Test
    void withinBudgetPassesAndTheRowsAreGone() throws SQLException {
        var results = Shop.run(WithinBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(plain, "customers")).isZero();
        assertThat(Shop.count(plain, "orders")).isZero();
        assertThat(Shop.count(plain, "audit_log")).isEqualTo(5);
        assertThat(Shop.reportEntries(results)).containsExactly("cleanup destroyed 40 rows in 2 tables");
    }

    @Test
    void overBudgetFailsWithXg002AndEveryRowIsStillThere() throws SQLException {
        var results = Shop.run(OverBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        Throwable failure = Shop.failure(results);
        assertThat(Shop.sqlState(failure)).isEqualTo("XG002");
        assertThat(failure.getMessage()).contains("CUSTOMERS").contains("ORDERS").contains("cleanup of OverBudget#deletesEveryCustomer");
        assertThat(Shop.count(plain, "customers")).isEqualTo(10);
        assertThat(Shop.count(plain, "orders")).isEqualTo(25);   // the 5 within budget went
        assertThat(Shop.reportEntries(results)).containsExactly("cleanup destroyed 5 rows in 1 table");
    }

    @Test
    void aProtectedTableIsNeverTouched() throws SQLException {
        var results = Shop.run(TouchesProtectedTable.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(2));
        results.testEvents().failed().stream().forEach(e -> assertThat(Shop.sqlState(
                e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()))
                .isEqualTo("XG002"));
        assertThat(Shop.counts(plain)).isEqualTo(Shop.SEEDED);
    }

    @Test
    void theMethodAnnotationOverridesTheRegisteredBudget() throws SQLException {
        var results = Shop.run(AnnotationOverridesRegistered.class);
        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(Shop.sqlState(Shop.failure(results))).isEqualTo("XG002");
        assertThat(Shop.count(plain, "orders")).isEqualTo(30);
    }

    @Test
    void protectedTablesAreTheUnionOfTheRegisteredGuardsAndTheMethodAnnotations() throws SQLException {
        var results = Shop.run(RegisteredProtectionAndAMethodBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        Throwable failure = Shop.failure(results);
        assertThat(Shop.sqlState(failure)).isEqualTo("XG002");
        assertThat(failure.getMessage()).containsIgnoringCase("audit_log");
        assertThat(Shop.counts(plain)).isEqualTo(Shop.SEEDED);
    }

    @Test
    void aMethodBudgetKeepsTheRegisteredFailOnStopped() throws SQLException {
        var results = Shop.run(RegisteredFailOnStoppedAndAMethodBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));   // the stop was caught on purpose
        assertThat(Shop.counts(plain)).isEqualTo(Shop.SEEDED);
    }

    @Test
    void aNestedClassAnnotationKeepsTheRegisteredProtection() throws SQLException {
        var results = Shop.run(RegisteredProtectionAndANestedClassBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        assertThat(Shop.sqlState(Shop.failure(results))).isEqualTo("XG002");
        assertThat(Shop.count(plain, "audit_log")).isEqualTo(5);
    }

    @Test
    void aGuardRegisteredInAFieldDeclaredAsExtensionIsFoundBesideTheAnnotation() throws SQLException {
        var results = Shop.run(RegisteredAsExtension.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        assertThat(Shop.sqlState(Shop.failure(results))).isEqualTo("XG002");   // the guard's 3 rows, not "no DataSource"
        assertThat(Shop.count(plain, "orders")).isEqualTo(30);
    }

    @Test
    void anUnguardedDataSourceFailsTheTestBeforeItRuns() throws SQLException {
        var results = Shop.run(Unguarded.class);
        Throwable failure = Shop.failure(results);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("is not guarded")
                .hasMessageContaining("add cascade-guard-spring-boot-starter or wrap it in GuardDataSource");
        assertThat(Shop.count(plain, "orders")).isEqualTo(30);
    }

    // ---- the wrong-database check on a real server: an H2 TCP server on this machine, named by "127.1" ----
    // (the loopback address written short: the check resolves no names and reads no short forms, so it cannot tell
    // it is a test database; every connection stays on the loopback interface)

    static GuardDataSource remote;

    static class OnAServerNotNamedAsLoopback {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(remote);

        @Test
        void deletes() throws SQLException {
            try (Connection c = remote.getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from orders");
            }
        }
    }

    static class RefusedThenCleanedByALaterCallback {
        @RegisterExtension
        @org.junit.jupiter.api.Order(1)
        static CleanupGuard guard = CleanupGuard.forDataSource(remote);

        @RegisterExtension
        @org.junit.jupiter.api.Order(2)
        static AfterEachCallback cleaner = context -> deleteEverythingOnRemote();

        @Test
        void deletes() throws SQLException {
            deleteEverythingOnRemote();
        }

        @AfterEach
        void cleanUp() throws SQLException {
            deleteEverythingOnRemote();
        }
    }

    static class TwoGuardsOneRefused {
        @RegisterExtension
        @org.junit.jupiter.api.Order(1)
        static CleanupGuard inMemory = CleanupGuard.forDataSource(guarded);

        @RegisterExtension
        @org.junit.jupiter.api.Order(2)
        static CleanupGuard onTheServer = CleanupGuard.forDataSource(remote);

        @Test
        void deletes() throws SQLException {
            deleteEverythingOnRemote();
        }

        @AfterEach
        void cleanUp() throws SQLException {
            deleteEverythingOnRemote();
        }
    }

    /** What a cleanup tool does: every statement tried, failures swallowed (the guard must stop each one itself). */
    static void deleteEverythingOnRemote() {
        for (String sql : new String[]{"delete from orders where id = 1", "delete from orders", "delete from customers",
                "truncate table audit_log"}) {
            try (Connection c = remote.getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException swallowed) {
                // a tool logging and going on
            }
        }
    }

    interface OnRemote {
        void run(Connection remotePlain) throws Exception;
    }

    /** An H2 TCP server on this machine, named by "127.1", seeded, as {@link #remote}. */
    static void onRemote(OnRemote body) throws Exception {
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            JdbcDataSource tcp = new JdbcDataSource();
            tcp.setURL("jdbc:h2:tcp://127.1:" + server.getPort() + "/mem:remote_" + UUID.randomUUID().toString()
                    .replace("-", "") + ";DB_CLOSE_DELAY=-1");
            try (Connection remotePlain = tcp.getConnection()) {
                Shop.create(tcp);
                Shop.seed(remotePlain);
                remote = new GuardDataSource(tcp);
                body.run(remotePlain);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void theWrongDatabaseCheckRefusesAServerItCannotTellIsATestDatabaseUnlessAPatternMatches() throws Exception {
        onRemote(remotePlain -> {
            var refused = Shop.run(OnAServerNotNamedAsLoopback.class);
            assertThat(Shop.failure(refused)).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("CascadeGuard refuses to clean jdbc:h2:tcp://127.1:")
                    .hasMessageContaining("not a loopback address")
                    .hasMessageContaining("anyDatabase = true");
            assertThat(Shop.count(remotePlain, "orders")).isEqualTo(30);

            var allowed = Shop.run(OnAServerNotNamedAsLoopback.class, TestDatabaseCheck.PATTERN_KEY,
                    "jdbc:h2:tcp://127\\.1:\\d+/mem:remote_.*");
            allowed.testEvents().assertStatistics(st -> st.succeeded(1).failed(0));
            assertThat(Shop.count(remotePlain, "orders")).isZero();
        });
    }

    @Test
    void aRefusedDatabaseIsNotCleanedByTheAfterEachCallbacksJUnitStillRuns() throws Exception {
        onRemote(remotePlain -> {
            var results = Shop.run(RefusedThenCleanedByALaterCallback.class);
            results.testEvents().assertStatistics(st -> st.succeeded(0).failed(1));
            assertThat(Shop.failure(results)).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("CascadeGuard refuses to clean jdbc:h2:tcp://127.1:");
            assertThat(Shop.counts(remotePlain)).isEqualTo(Shop.SEEDED);
        });
    }

    @Test
    void eachOfTwoGuardsChecksItsOwnDataSource() throws Exception {
        onRemote(remotePlain -> {
            var results = Shop.run(TwoGuardsOneRefused.class);
            results.testEvents().assertStatistics(st -> st.succeeded(0).failed(1));
            assertThat(Shop.failure(results)).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("CascadeGuard refuses to clean jdbc:h2:tcp://127.1:")
                    .hasMessageContaining("not a loopback address");
            assertThat(Shop.counts(remotePlain)).isEqualTo(Shop.SEEDED);
            assertThat(Shop.counts(plain)).isEqualTo(Shop.SEEDED);
        });
    }
}

package dev.cascadeguard.driver.enforce;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Allowances that span statements: {@link CascadeGuard#allow} (thread-bound, any guarded connection) and
 * {@code SET guard.allow_rows_total} (one connection). Each statement spends its rows; what is over the rest is
 * decided as if no allowance were open; BLOCK is never lifted; nothing leaks to another thread or borrower.
 */
class AllowanceTest {

    /** Three groups of 1,100 rows each (group g = ids g*10000+1 ...), every delete of one group is over 1,000. */
    private static void groups(TestDb db) throws SQLException {
        db.execute("create table parent (id int primary key)",
                "create table child (id int primary key, parent_id int references parent (id) on delete cascade)",
                "insert into parent values (1), (2), (3)");
        for (int g = 1; g <= 3; g++) {
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= 1099; i++) {
                rows.append(i == 1 ? "" : ",").append('(').append(g * 10_000 + i).append(", ").append(g).append(')');
            }
            db.execute("insert into child values " + rows);
        }
    }

    private static String deleteGroup(int g) {
        return "delete from parent where id = " + g; // 1 + 1,099 cascaded = 1,100 rows
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aScopeCoversStatementsUntilItsRowsAreSpent(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            groups(db);
            try (Allowance scope = CascadeGuard.allow(2500, "reset the test data")) {
                s.execute(deleteGroup(1));
                s.execute(deleteGroup(2));
                assertThat(scope.spent()).isEqualTo(2200);
                assertThat(scope.remaining()).isEqualTo(300);

                ConfirmationRequiredException over = catchThrowableOfType(() -> s.execute(deleteGroup(3)),
                        ConfirmationRequiredException.class);
                assertThat(over.getSQLState()).isEqualTo("XG001");
                assertThat(over.getMessage()).contains("allowance (scope) with 300 rows left does not cover 1,100 rows");
            }
            assertThat(db.count("parent")).isEqualTo(1);
            assertThat(db.count("child")).isEqualTo(1099);

            // closed: nothing is covered any more
            assertThat((Throwable) catchThrowableOfType(() -> s.execute(deleteGroup(3)), ConfirmationRequiredException.class))
                    .isNotNull();
        }
    }

    @Test
    void aCoveredStatementIsAnAuditEventWithTheReason() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); SeedSchema.Audit audit = new SeedSchema.Audit();
             Connection c = DriverManager.getConnection(db.guardUrl()); Statement s = c.createStatement()) {
            groups(db);
            try (Allowance ignored = CascadeGuard.allow(1100, "ticket OPS-9: purge group 1")) {
                s.execute(deleteGroup(1));
            }
            assertThat(audit.fields()).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("event", "allowance-used")
                    .containsEntry("decision", "LOG")
                    .containsEntry("rows", "1100")
                    .containsEntry("allowanceRows", "1100")
                    .containsEntry("allowanceReason", "ticket OPS-9: purge group 1")
                    .containsEntry("allowanceSource", "scope"));
            assertThat(audit.events().get(0).getFormattedMessage())
                    .contains("allowance with 1,100 rows left: ticket OPS-9: purge group 1");
        }
    }

    @Test
    void nestedScopesSpendFromTheOuterOneToo() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            groups(db);
            try (Allowance outer = CascadeGuard.allow(2000, "outer")) {
                try (Allowance inner = CascadeGuard.allow(5000, "inner")) {
                    assertThat(inner.remaining()).isEqualTo(2000); // never more than the outer scope has left
                    s.execute(deleteGroup(1));
                    assertThat(inner.remaining()).isEqualTo(900);
                }
                assertThat(outer.remaining()).isEqualTo(900);
                assertThat((Throwable) catchThrowableOfType(() -> s.execute(deleteGroup(2)), ConfirmationRequiredException.class))
                        .isNotNull();
            }
            assertThat(db.count("parent")).isEqualTo(2);
        }
    }

    @Test
    void closingAnOuterScopeEndsAnInnerOneLeftOpen() throws Exception {
        try (TestDb db = TestDatabase.H2.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            groups(db);
            Allowance outer = CascadeGuard.allow(50_000, "outer");
            Allowance forgotten = CascadeGuard.allow(5_000, "inner, never closed");
            outer.close();

            assertThat(forgotten.isOpen()).isFalse();
            assertThat(forgotten.remaining()).isZero();
            assertThat((Throwable) catchThrowableOfType(() -> s.execute(deleteGroup(1)),
                    ConfirmationRequiredException.class)).isNotNull();
            assertThat(db.count("parent")).isEqualTo(3);
        }
    }

    @Test
    void aScopeNeverLiftsBlock() throws Exception {
        try (TestDb db = TestDatabase.H2.create();
             Connection c = DriverManager.getConnection(db.guardUrl(), props("guard.table.child.blockAbove", "0"));
             Statement s = c.createStatement()) {
            groups(db);
            try (Allowance ignored = CascadeGuard.allow(Long.MAX_VALUE, "everything")) {
                StatementBlockedException blocked = catchThrowableOfType(() -> s.execute(deleteGroup(1)),
                        StatementBlockedException.class);
                assertThat(blocked.getSQLState()).isEqualTo("XG002");
                assertThat(blocked.getMessage()).contains("an allowance never lifts BLOCK");
            }
            assertThat(db.count("child")).isEqualTo(3297);
        }
    }

    @Test
    void aScopeIsBoundToItsThreadAndReachesEveryConnectionOfAPool() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            groups(db);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.jdbcUrl());
            config.setMaximumPoolSize(2);
            ExecutorService other = Executors.newSingleThreadExecutor();
            try (HikariDataSource pool = new HikariDataSource(config)) {
                GuardDataSource guarded = new GuardDataSource(pool);
                try (Allowance ignored = CascadeGuard.allow(10_000, "cleanup")) {
                    Future<Throwable> elsewhere = other.submit(() -> catchThrowableOfType(() -> {
                        try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
                            s.execute(deleteGroup(1));
                        }
                    }, ConfirmationRequiredException.class));
                    assertThat(elsewhere.get()).isNotNull(); // another thread: not covered
                    for (int g = 1; g <= 2; g++) {
                        try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
                            s.execute(deleteGroup(g)); // a new borrow each time, on this thread: covered
                        }
                    }
                }
                assertThat(db.count("parent")).isEqualTo(1);
            } finally {
                other.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void connectionTotalCoversFollowingStatementsOnThatConnectionOnly(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = DriverManager.getConnection(db.guardUrl());
             Connection other = DriverManager.getConnection(db.guardUrl());
             Statement s = c.createStatement()) {
            groups(db);
            s.execute("SET guard.allow_rows_total = 2300");
            try (Statement o = other.createStatement()) {
                assertThat((Throwable) catchThrowableOfType(() -> o.execute(deleteGroup(3)), ConfirmationRequiredException.class))
                        .isNotNull();
            }
            s.execute(deleteGroup(1));
            s.execute(deleteGroup(2));
            ConfirmationRequiredException over = catchThrowableOfType(() -> s.execute(deleteGroup(3)),
                    ConfirmationRequiredException.class);
            assertThat(over.getMessage()).contains("allowance (sql-total) with 100 rows left does not cover 1,100 rows");

            s.execute("SET guard.allow_rows_total = 5000");
            s.execute("RESET guard.allow_rows_total");
            assertThat((Throwable) catchThrowableOfType(() -> s.execute(deleteGroup(3)), ConfirmationRequiredException.class))
                    .isNotNull();
            assertThat(db.count("parent")).isEqualTo(1);
            assertThat(db.count("child")).isEqualTo(1099);
        }
    }

    @Test
    void connectionTotalIsGoneWhenThePoolTakesTheConnectionBack() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            groups(db);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.guardUrl());
            config.setDriverClassName("dev.cascadeguard.driver.GuardDriver");
            config.setMaximumPoolSize(1);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SET guard.allow_rows_total = 100000");
                }
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    assertThat((Throwable) catchThrowableOfType(() -> s.execute(deleteGroup(1)),
                            ConfirmationRequiredException.class)).isNotNull();
                }
            }
            assertThat(db.count("parent")).isEqualTo(3);
        }
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}

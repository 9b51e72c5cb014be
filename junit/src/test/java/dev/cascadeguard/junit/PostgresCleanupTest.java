package dev.cascadeguard.junit;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** On PostgreSQL (127.0.0.1:5432, else an embedded one): budgets against DELETE and TRUNCATE ... CASCADE. */
class PostgresCleanupTest {

    static TestDb db;
    static GuardDataSource guarded;

    @BeforeAll
    static void database() throws SQLException {
        db = TestDatabase.POSTGRES.create();
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(db.jdbcUrl());
        Shop.create(pg);
        guarded = new GuardDataSource(pg);
    }

    @BeforeEach
    void seed() throws SQLException {
        Shop.seed(db.connection());
    }

    @AfterAll
    static void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    static void run(String sql) throws SQLException {
        try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static class OverBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(20);

        @Test
        void deletesEveryCustomer() throws SQLException {
            run("delete from customers");
        }
    }

    static class TruncateCascadeWithinBudget {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(100);

        @Test
        void truncates() throws SQLException {
            run("truncate table customers cascade");
        }
    }

    static class TruncateCascadeIntoAProtectedTable {
        @RegisterExtension
        static CleanupGuard guard = CleanupGuard.forDataSource(guarded).maxRows(1000).protect("orders");

        @Test
        void truncates() throws SQLException {
            run("truncate table customers cascade");   // empties orders too: the author never listed it
        }
    }

    @Test
    void overBudgetFailsWithXg002AndEveryRowIsStillThere() throws SQLException {
        var results = Shop.run(OverBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        assertThat(Shop.sqlState(Shop.failure(results))).isEqualTo("XG002");
        assertThat(Shop.counts(db.connection())).isEqualTo(Shop.SEEDED);
    }

    @Test
    void truncateCascadeWithinBudgetRunsAndTheRowsAreGone() throws SQLException {
        var results = Shop.run(TruncateCascadeWithinBudget.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Shop.count(db.connection(), "customers")).isZero();
        assertThat(Shop.count(db.connection(), "orders")).isZero();
        assertThat(Shop.count(db.connection(), "audit_log")).isEqualTo(5);
        assertThat(Shop.reportEntries(results)).containsExactly("cleanup destroyed 40 rows in 2 tables");
    }

    @Test
    void truncateCascadeReachingAProtectedTableIsStopped() throws SQLException {
        var results = Shop.run(TruncateCascadeIntoAProtectedTable.class);
        results.testEvents().assertStatistics(s -> s.succeeded(0).failed(1));
        Throwable failure = Shop.failure(results);
        assertThat(Shop.sqlState(failure)).isEqualTo("XG002");
        assertThat(failure.getMessage()).contains("orders");
        assertThat(Shop.counts(db.connection())).isEqualTo(Shop.SEEDED);
    }
}

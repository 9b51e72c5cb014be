package dev.cascadeguard.driver.enforce;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 threads through a HikariCP pool of 16 guarded connections, for a bounded time, on one database: no deadlock, no
 * override or allowance reaching another thread or the next borrower, the graph loaded once (and once more after the
 * DDL one thread runs, which every other thread's next estimate sees), no error but the expected stops, and at the end
 * the database holds exactly what each thread put there and did not delete. The workload is {@link PooledWorkload}.
 * Both ways of pooling: HikariCP over {@code jdbc:guard:} (the pool keeps guarded connections and hands them to the
 * next borrower) and {@link GuardDataSource} over HikariCP (each borrow is guarded afresh).
 */
class PooledConcurrencyTest {

    static final int THREADS = 64;
    static final int POOL_SIZE = 16;
    /** How long each run lasts; the threads stop at their next operation after it. */
    static final Duration RUN = Duration.ofSeconds(10);
    /** How long past {@link #RUN} a thread may take to finish before the run counts as deadlocked. */
    static final Duration JOIN_GRACE = Duration.ofSeconds(60);

    private Level auditLevel;

    @BeforeEach
    void quietAudit() {
        // thousands of stops would each be logged; the assertions count them instead
        Logger audit = (Logger) LoggerFactory.getLogger("cascadeguard.audit");
        auditLevel = audit.getLevel();
        audit.setLevel(Level.ERROR);
    }

    @AfterEach
    void restoreAudit() {
        ((Logger) LoggerFactory.getLogger("cascadeguard.audit")).setLevel(auditLevel);
    }

    @Test
    void hikariPoolOfGuardUrlConnectionsOnH2() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            GraphLoads loads = GraphLoads.h2(db);
            HikariConfig config = poolConfig(db.guardUrl());
            guardSettings().forEach((k, v) -> config.addDataSourceProperty((String) k, v));
            try (HikariDataSource pool = new HikariDataSource(config)) {
                runAndCheck(db, pool, loads);
            }
        }
    }

    @Test
    void guardDataSourceOverHikariOnH2() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            GraphLoads loads = GraphLoads.h2(db);
            try (HikariDataSource pool = new HikariDataSource(poolConfig(db.jdbcUrl()))) {
                runAndCheck(db, new GuardDataSource(pool, guardSettings()), loads);
            }
        }
    }

    @Test
    void hikariPoolOfGuardUrlConnectionsOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            HikariConfig config = poolConfig(db.guardUrl());
            guardSettings().forEach((k, v) -> config.addDataSourceProperty((String) k, v));
            try (HikariDataSource pool = new HikariDataSource(config)) {
                runAndCheck(db, pool, null);
            }
        }
    }

    private static Properties guardSettings() {
        Properties p = new Properties();
        p.setProperty("guard.confirmAbove", Integer.toString(PooledWorkload.CONFIRM_ABOVE));
        p.setProperty("guard.table.vault.blockAbove", "0");
        return p;
    }

    private static HikariConfig poolConfig(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setConnectionTimeout(JOIN_GRACE.toMillis());
        return config;
    }

    private void runAndCheck(TestDb db, DataSource pool, GraphLoads loads) throws Exception {
        for (String sql : PooledWorkload.SCHEMA.split(";")) {
            db.execute(sql.strip());
        }
        AtomicLong loadsBeforeDdl = new AtomicLong(-1);
        PooledWorkload workload = new PooledWorkload(pool, RUN.toNanos(), () -> {
            if (loads != null) {
                loadsBeforeDdl.set(loads.count());
            }
        }, db.database() == TestDatabase.H2);
        PooledWorkload.Book[] books = new PooledWorkload.Book[THREADS];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int owner = t;
            threads.add(new Thread(() -> books[owner] = workload.run(owner), "worker-" + t));
        }
        threads.forEach(Thread::start);
        long joinBy = System.nanoTime() + RUN.toNanos() + JOIN_GRACE.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
        }
        List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
        assertThat(stuck).as(() -> "threads still running (deadlock?):\n" + dump(stuck)).isEmpty();

        assertThat(workload.failures).as("unexpected errors").isEmpty();
        assertThat(workload.extraTableAdded()).as("the DDL ran").isTrue();
        assertThat(workload.probes.sum()).as("deletes that only the new table pushes over the threshold").isPositive();
        assertThat(workload.guardedDeletes.sum()).isPositive();
        assertThat(workload.confirmStops.sum()).isPositive();
        assertThat(workload.blockStops.sum()).isPositive();
        if (loads != null) {
            assertThat(loadsBeforeDdl.get()).as("graph loads before the DDL, for all %d threads", THREADS).isEqualTo(1);
            assertThat(loads.count()).as("graph loads: once, and once again after the DDL").isEqualTo(2);
        }
        assertBookkeeping(db, books);
        System.out.printf("%s, %s: %d operations, %d guarded deletes, %d XG001, %d XG002, %d probes%n",
                db.database(), pool.getClass().getSimpleName(), workload.operations.sum(), workload.guardedDeletes.sum(),
                workload.confirmStops.sum(), workload.blockStops.sum(), workload.probes.sum());
    }

    /** Every thread's rows are in the database, exactly, and the blocked table kept all of its rows. */
    private static void assertBookkeeping(TestDb db, PooledWorkload.Book[] books) throws SQLException {
        Map<Integer, Long> accounts = perOwner(db, "account");
        Map<Integer, Long> orders = perOwner(db, "orders");
        Map<Integer, Long> extras = perOwner(db, "extra");
        for (int t = 0; t < books.length; t++) {
            assertThat(accounts.getOrDefault(t, 0L)).as("accounts of thread %d", t).isEqualTo(books[t].accounts.size());
            assertThat(orders.getOrDefault(t, 0L)).as("orders of thread %d", t).isEqualTo(books[t].children(0));
            assertThat(extras.getOrDefault(t, 0L)).as("extra rows of thread %d", t).isEqualTo(books[t].children(1));
        }
        assertThat(db.count("vault")).isEqualTo(3);
    }

    private static Map<Integer, Long> perOwner(TestDb db, String table) throws SQLException {
        try (Statement s = db.connection().createStatement();
             ResultSet rs = s.executeQuery("select owner, count(*) from " + table + " group by owner")) {
            Map<Integer, Long> counts = new java.util.HashMap<>();
            while (rs.next()) {
                counts.put(rs.getInt(1), rs.getLong(2));
            }
            return counts;
        }
    }

    private static String dump(List<Thread> threads) {
        return threads.stream().map(t -> t.getName() + " " + t.getState() + "\n    "
                        + Arrays.stream(t.getStackTrace()).map(String::valueOf).collect(Collectors.joining("\n    ")))
                .collect(Collectors.joining("\n"));
    }

    /**
     * How often the guard read the foreign-key graph, from H2's own statistics of the statements it ran (the graph
     * query is the only one that reads REFERENTIAL_CONSTRAINTS).
     */
    record GraphLoads(TestDb db) {
        static GraphLoads h2(TestDb db) throws SQLException {
            db.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000000", "SET QUERY_STATISTICS TRUE",
                    "SET DEFAULT_LOCK_TIMEOUT 30000");
            return new GraphLoads(db);
        }

        long count() {
            try (Connection c = db.open();
                 PreparedStatement ps = c.prepareStatement("select coalesce(sum(execution_count), 0) "
                         + "from information_schema.query_statistics where lower(sql_statement) like ?")) {
                ps.setString(1, "%from information_schema.referential_constraints r%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

package dev.cascadeguard.driver.fuzz;

import dev.cascadeguard.driver.testdb.TestDatabase;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * Issue #20, "nothing breaks": random and mutated SQL through a guarded connection, by every way JDBC runs SQL.
 * The only outcomes allowed are a result or an {@link SQLException} (no other exception, no Error, no stack
 * overflow, no hang), and no row of the fixture may be lost ({@link FuzzFixture}: every destruction is blocked).
 *
 * <p>Budget (2 cores, about 35 s in all, two thirds of it the deep statements): H2 1000 mutated + 1000 random + 100
 * deep/huge statements, SQLite 1000 mutated, PostgreSQL and MariaDB 300 mutated each (skipped with a message when
 * unreachable). Each try runs on a worker thread bounded by
 * {@link #HANG_SECONDS}: far above any legitimate try, so only a real hang trips it. Seeds are fixed; the failing
 * SQL and the way it was run are in the failure message.
 */
class GuardFuzzProperties {

    /** A generous bound: a try takes milliseconds, a deep one well under a second. */
    private static final long HANG_SECONDS = 60;

    private static final Map<TestDatabase, FuzzFixture> FIXTURES = new EnumMap<>(TestDatabase.class);
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "guard-fuzz");
        t.setDaemon(true);
        return t;
    });

    /** The ways JDBC hands SQL to the driver. */
    enum Api { EXECUTE, EXECUTE_UPDATE, EXECUTE_LARGE_UPDATE, EXECUTE_QUERY, EXECUTE_RETURNING_KEYS, BATCH,
        PREPARED_EXECUTE, PREPARED_UPDATE, PREPARED_QUERY, PREPARED_BATCH, NATIVE_SQL }

    @Property(tries = 1000, seed = "2020", shrinking = ShrinkingMode.OFF)
    void h2MutatedCorpus(@ForAll long seed, @ForAll Api api) throws Exception {
        run(TestDatabase.H2, FuzzSql::mutated, seed, api);
    }

    @Property(tries = 1000, seed = "2021", shrinking = ShrinkingMode.OFF)
    void h2RandomText(@ForAll long seed, @ForAll Api api) throws Exception {
        run(TestDatabase.H2, FuzzSql::random, seed, api);
    }

    @Property(tries = 100, seed = "2022", shrinking = ShrinkingMode.OFF)
    void h2DeepAndHuge(@ForAll long seed, @ForAll Api api) throws Exception {
        run(TestDatabase.H2, FuzzSql::deep, seed, api);
    }

    @Property(tries = 1000, seed = "2023", shrinking = ShrinkingMode.OFF)
    void sqliteMutatedCorpus(@ForAll long seed, @ForAll Api api) throws Exception {
        run(TestDatabase.SQLITE, FuzzSql::mutated, seed, api);
    }

    @Property(tries = 300, seed = "2024", shrinking = ShrinkingMode.OFF)
    void postgresMutatedCorpus(@ForAll long seed, @ForAll Api api) throws Exception {
        if (TestDatabase.POSTGRES.reachableOrSay()) {
            run(TestDatabase.POSTGRES, FuzzSql::mutated, seed, api);
        }
    }

    @Property(tries = 300, seed = "2025", shrinking = ShrinkingMode.OFF)
    void mariadbMutatedCorpus(@ForAll long seed, @ForAll Api api) throws Exception {
        if (TestDatabase.MARIADB.reachableOrSay()) {
            run(TestDatabase.MARIADB, FuzzSql::mutated, seed, api);
        }
    }

    @AfterContainer
    static void closeFixtures() throws SQLException {
        for (FuzzFixture fixture : FIXTURES.values()) {
            fixture.close();
        }
        FIXTURES.clear();
    }

    private static void run(TestDatabase kind, LongFunction<String> generator, long seed, Api api) throws Exception {
        FuzzFixture fixture = FIXTURES.get(kind);
        if (fixture == null) {
            fixture = new FuzzFixture(kind);
            FIXTURES.put(kind, fixture);
        }
        String sql = generator.apply(seed);
        Connection connection = fixture.guarded();
        Future<String> outcome = WORKER.submit(() -> outcome(connection, api, sql));
        String what;
        try {
            what = outcome.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException hang) {
            outcome.cancel(true);
            throw new AssertionError(api + " did not return within " + HANG_SECONDS + " s on " + kind + ": "
                    + FuzzFixture.shown(sql));
        } catch (ExecutionException e) {
            fixture.checkIntactAndReset(sql); // whatever was thrown, nothing may have been destroyed
            if (realDriversOwn(fixture, api, sql, e.getCause())) {
                Statistics.collect("the real driver's own " + e.getCause().getClass().getSimpleName());
                return;
            }
            throw new AssertionError(api + " threw " + e.getCause() + " (not an SQLException) on " + kind + ": "
                    + FuzzFixture.shown(sql), e.getCause());
        }
        Statistics.collect(what);
        fixture.checkIntactAndReset(sql);
    }

    private static final List<String> REAL_DRIVERS = List.of("org.h2.", "org.sqlite.", "org.postgresql.",
            "org.mariadb.");

    /**
     * True when the exception is the real driver's own, with the guard only forwarding the application's call:
     * either it was thrown inside the real driver right below one of the guard's JDBC wrappers (sqlite-jdbc's
     * IllegalStateException on a second comment-only prepared statement, pgjdbc's ClassCastException on a prepared
     * batch of two statements), or the real driver alone throws it too on the same call (H2's parser lets a
     * StackOverflowError out on ~400 nested subqueries; its stack trace is too deep to show who called). The plain
     * run is rolled back and the fixture made afresh after it.
     */
    private static boolean realDriversOwn(FuzzFixture fixture, Api api, String sql, Throwable guarded)
            throws Exception {
        StackTraceElement[] frames = guarded.getStackTrace();
        int i = 0;
        while (i < frames.length && REAL_DRIVERS.stream().anyMatch(frames[i].getClassName()::startsWith)) {
            i++;
        }
        if (i > 0 && i < frames.length
                && frames[i].getClassName().startsWith("dev.cascadeguard.driver.intercept.Guarded")) {
            return true;
        }
        Connection plain = fixture.plain();
        Future<String> outcome = WORKER.submit(() -> {
            plain.setAutoCommit(false);
            try {
                return outcome(plain, api, sql);
            } finally {
                plain.rollback();
                plain.setAutoCommit(true);
            }
        });
        try {
            outcome.get(HANG_SECONDS, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause().getClass() == guarded.getClass();
        } finally {
            fixture.startOver();
        }
    }

    /** Runs the SQL one way; "result" or the SQLException's kind. Anything else propagates and fails the try. */
    private static String outcome(Connection c, Api api, String sql) {
        try {
            runOnce(c, api, sql);
            return "result";
        } catch (SQLException e) {
            String state = e.getSQLState();
            return state != null && state.startsWith("XG") ? "stopped " + state : "SQLException";
        }
    }

    private static void runOnce(Connection c, Api api, String sql) throws SQLException {
        switch (api) {
            case NATIVE_SQL -> c.nativeSQL(sql);
            case EXECUTE, EXECUTE_UPDATE, EXECUTE_LARGE_UPDATE, EXECUTE_QUERY, EXECUTE_RETURNING_KEYS, BATCH -> {
                try (Statement s = c.createStatement()) {
                    switch (api) {
                        case EXECUTE -> s.execute(sql);
                        case EXECUTE_UPDATE -> s.executeUpdate(sql);
                        case EXECUTE_LARGE_UPDATE -> s.executeLargeUpdate(sql);
                        case EXECUTE_QUERY -> drain(s.executeQuery(sql));
                        case EXECUTE_RETURNING_KEYS -> s.execute(sql, Statement.RETURN_GENERATED_KEYS);
                        default -> {
                            s.addBatch("SELECT 1 FROM parent WHERE id = 1");
                            s.addBatch(sql);
                            s.executeBatch();
                        }
                    }
                }
            }
            default -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bindEveryParameter(ps, sql);
                    switch (api) {
                        case PREPARED_EXECUTE -> ps.execute();
                        case PREPARED_UPDATE -> ps.executeUpdate();
                        case PREPARED_QUERY -> drain(ps.executeQuery());
                        default -> {
                            ps.addBatch();
                            ps.executeBatch();
                        }
                    }
                }
            }
        }
    }

    /** Binds "1" to each {@code ?} the driver reports, or to each {@code ?} in the text when it cannot say. */
    private static void bindEveryParameter(PreparedStatement ps, String sql) throws SQLException {
        int count;
        try {
            count = ps.getParameterMetaData().getParameterCount();
        } catch (SQLException unknown) {
            count = (int) sql.chars().filter(ch -> ch == '?').count();
        }
        for (int i = 1; i <= count; i++) {
            ps.setString(i, "1");
        }
    }

    private static void drain(ResultSet rows) throws SQLException {
        try (rows) {
            while (rows.next()) {
                rows.getObject(1);
            }
        }
    }
}

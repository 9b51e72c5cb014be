package dev.cascadeguard.benchmarks;

import dev.cascadeguard.driver.GuardDataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A request as a web application makes it through a guarded pool (GuardDataSource over a pool, as the Spring Boot
 * starter wires it): borrow a connection, prepare three statements, return it. Every borrow is a new guarded
 * connection, so what the guard remembers per connection is lost between requests; what it shares per database is
 * not. H2 in memory, no execution.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BorrowPrepareBenchmark {

    @Param({"pool", "guard-ds"})
    public String impl;

    private JdbcConnectionPool pool;
    private DataSource dataSource;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:borrow;DB_CLOSE_DELAY=-1", "sa", "");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS account(id INT PRIMARY KEY, name VARCHAR(40), balance INT)");
            s.execute("CREATE TABLE IF NOT EXISTS entry(id INT PRIMARY KEY, account_id INT REFERENCES account(id) "
                    + "ON DELETE CASCADE, amount INT)");
        }
        dataSource = impl.equals("pool") ? pool : new GuardDataSource(pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.dispose();
    }

    @Benchmark
    public int borrowAndPrepare() throws SQLException {
        int n = 0;
        try (Connection c = dataSource.getConnection()) {
            for (String sql : new String[]{"SELECT name, balance FROM account WHERE id = ?",
                    "UPDATE account SET balance = balance + 1 WHERE id = ?",
                    "INSERT INTO entry(id, account_id, amount) VALUES (?, ?, ?)"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    n += ps.getParameterMetaData().getParameterCount();
                }
            }
        }
        return n;
    }
}

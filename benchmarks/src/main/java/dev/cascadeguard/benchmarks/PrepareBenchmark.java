package dev.cascadeguard.benchmarks;

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

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * What preparing a statement costs through the guard: an application without a statement cache (the mixed workload of
 * the anchor benchmark, most ORMs on H2) prepares the same few texts again and again, and the guard screens each
 * text when it is prepared (pre-check, stored-code and key-update screens). H2 in memory, no execution.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrepareBenchmark {

    @Param({"jdbc:h2:mem:prepare", "jdbc:guard:h2:mem:prepare"})
    public String url;

    private Connection keepAlive;
    private Connection connection;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:prepare");
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS account(id INT PRIMARY KEY, name VARCHAR(40), balance INT)");
            s.execute("CREATE TABLE IF NOT EXISTS entry(id INT PRIMARY KEY, account_id INT REFERENCES account(id) "
                    + "ON DELETE CASCADE, amount INT)");
        }
        connection = DriverManager.getConnection(url);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
        keepAlive.close();
    }

    /** The three statements of the anchor benchmark's operation, each prepared anew and closed. */
    @Benchmark
    public int prepareSelectUpdateInsert() throws SQLException {
        int n = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT name, balance FROM account WHERE id = ?")) {
            n += select.getParameterMetaData().getParameterCount();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE account SET balance = balance + 1 WHERE id = ?")) {
            n += update.getParameterMetaData().getParameterCount();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO entry(id, account_id, amount) VALUES (?, ?, ?)")) {
            n += insert.getParameterMetaData().getParameterCount();
        }
        return n;
    }
}

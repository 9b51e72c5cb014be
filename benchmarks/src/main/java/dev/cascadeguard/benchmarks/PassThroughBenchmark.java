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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The price every non-destructive statement pays: SELECT by primary key, INSERT and UPDATE through prepared
 * statements on H2 in memory (the harshest case: the database itself is fastest), raw driver vs the guard.
 * Compare the two {@code url} rows of the same benchmark, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PassThroughBenchmark {

    @Param({"jdbc:h2:mem:bench", "jdbc:guard:h2:mem:bench"})
    public String url;

    private Connection keepAlive;
    private Connection connection;
    private PreparedStatement select;
    private PreparedStatement update;
    private PreparedStatement insert;
    private int next = 1_000_000;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:bench");
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS item(id INT PRIMARY KEY, name VARCHAR(40), qty INT)");
            // a key referencing item.id: the guard's key-update screen then has a referenced column to look for, as
            // in any real schema, and an UPDATE naming id in its WHERE must still pass untouched
            s.execute("CREATE TABLE IF NOT EXISTS item_note(id INT PRIMARY KEY, item_id INT REFERENCES item(id) "
                    + "ON DELETE CASCADE ON UPDATE CASCADE)");
            s.execute("DELETE FROM item");
            s.execute("INSERT INTO item SELECT x, 'item ' || x, 0 FROM SYSTEM_RANGE(1, 10000)");
        }
        connection = DriverManager.getConnection(url);
        select = connection.prepareStatement("SELECT name, qty FROM item WHERE id = ?");
        update = connection.prepareStatement("UPDATE item SET qty = qty + 1 WHERE id = ?");
        insert = connection.prepareStatement("INSERT INTO item(id, name, qty) VALUES (?, ?, 0)");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
        keepAlive.close();
    }

    @Benchmark
    public int selectByPrimaryKey() throws SQLException {
        select.setInt(1, 4242);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getInt(2) : -1;
        }
    }

    @Benchmark
    public int updateByPrimaryKey() throws SQLException {
        update.setInt(1, 4242);
        return update.executeUpdate();
    }

    @Benchmark
    public int insertRow() throws SQLException {
        insert.setInt(1, next++);
        insert.setString(2, "new");
        return insert.executeUpdate();
    }

    /** A literal UPDATE by key on a plain Statement: the key-update screen reads its text on every call. */
    @Benchmark
    public int plainStatementUpdate() throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id = 17");
        }
    }

    @Benchmark
    public int plainStatementSelect() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT qty FROM item WHERE id = 17")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }
}

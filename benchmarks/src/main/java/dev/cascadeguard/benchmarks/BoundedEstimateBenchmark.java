package dev.cascadeguard.benchmarks;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.StatementBlockedException;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The cost of deciding on a DELETE whose cascade is {@code rows} rows, on the local PostgreSQL: bounded counting
 * (the guard stops at the highest threshold that can change the decision, here {@code guard.blockAbove=1000})
 * against exact counting ({@code preview}, as {@code explain --exact} does). Two shapes: {@code tree}, one parent
 * row and its {@code rows} children; {@code cycle}, two tables that reference each other (a → b → a: one row of
 * a, its {@code rows}/2 rows of b, and under each of them one more row of a), which the guard follows with one
 * recursive query that PostgreSQL produces lazily, so bounded counting stops at the cap. Needs PostgreSQL on
 * 127.0.0.1:5432.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BoundedEstimateBenchmark {

    private static final String SERVER = "postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=cg_bench";
    private static final String DELETE = "DELETE FROM bench_parent WHERE id = 1";

    @Param({"1000", "1000000"})
    public int rows;

    @Param({"tree", "cycle"})
    public String shape;

    private Connection guarded;
    private Statement statement;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        try (Connection plain = DriverManager.getConnection("jdbc:" + SERVER); Statement s = plain.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS cg_bench CASCADE");
            s.execute("CREATE SCHEMA cg_bench");
            if (shape.equals("tree")) {
                s.execute("CREATE TABLE cg_bench.bench_parent (id int PRIMARY KEY)");
                s.execute("CREATE TABLE cg_bench.bench_child (id int PRIMARY KEY, parent_id int NOT NULL "
                        + "REFERENCES cg_bench.bench_parent ON DELETE CASCADE)");
                s.execute("CREATE INDEX ON cg_bench.bench_child (parent_id)");
                s.execute("INSERT INTO cg_bench.bench_parent VALUES (1), (2)");
                s.execute("INSERT INTO cg_bench.bench_child SELECT g, 1 FROM generate_series(1, " + rows + ") g");
            } else {
                s.execute("CREATE TABLE cg_bench.bench_parent (id int PRIMARY KEY, child_id int)");
                s.execute("CREATE TABLE cg_bench.bench_child (id int PRIMARY KEY, parent_id int NOT NULL "
                        + "REFERENCES cg_bench.bench_parent ON DELETE CASCADE)");
                s.execute("ALTER TABLE cg_bench.bench_parent ADD FOREIGN KEY (child_id) "
                        + "REFERENCES cg_bench.bench_child ON DELETE CASCADE");
                s.execute("CREATE INDEX ON cg_bench.bench_parent (child_id)");
                s.execute("CREATE INDEX ON cg_bench.bench_child (parent_id)");
                int half = rows / 2;
                s.execute("INSERT INTO cg_bench.bench_parent VALUES (1, NULL), (0, NULL)");
                s.execute("INSERT INTO cg_bench.bench_child SELECT g, 1 FROM generate_series(1, " + half + ") g");
                s.execute("INSERT INTO cg_bench.bench_parent SELECT g + 1, g FROM generate_series(1, " + half + ") g");
            }
            s.execute("ANALYZE cg_bench.bench_parent");
            s.execute("ANALYZE cg_bench.bench_child");
        }
        Properties p = new Properties();
        p.setProperty("guard.blockAbove", "1000");
        p.setProperty("guard.confirmAbove", "1000");
        p.setProperty("guard.estimateTimeoutMs", "60000");
        guarded = DriverManager.getConnection("jdbc:guard:" + SERVER, p);
        statement = guarded.createStatement();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        guarded.close();
        try (Connection plain = DriverManager.getConnection("jdbc:" + SERVER); Statement s = plain.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS cg_bench CASCADE");
        }
    }

    /** The enforcement path: counted with a cap, then blocked (nothing is deleted). */
    @Benchmark
    public String decideBounded() throws SQLException {
        try {
            statement.executeUpdate(DELETE);
            throw new IllegalStateException("the delete was not blocked");
        } catch (StatementBlockedException expected) {
            return expected.getSQLState();
        }
    }

    /** Counting every row, as explain and the Java preview do. */
    @Benchmark
    public long previewExact() throws SQLException {
        return guarded.unwrap(GuardConnection.class).preview(DELETE).decision().totalRows();
    }
}

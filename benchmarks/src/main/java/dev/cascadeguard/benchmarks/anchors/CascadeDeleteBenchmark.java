package dev.cascadeguard.benchmarks.anchors;

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
import java.util.concurrent.TimeUnit;

/**
 * A guarded cascade delete against the unguarded one: deleting one {@code level0} row takes its subtree of
 * 3 + 9 + 27 rows over three levels of ON DELETE CASCADE (40 rows in all, under the default thresholds, so the
 * guard counts and allows it). Beside it live {@value #BACKGROUND} other subtrees. Each invocation deletes a fresh
 * subtree, inserted before it outside the measured time ({@code Level.Invocation}: one delete takes far longer
 * than the timestamps JMH adds around it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class CascadeDeleteBenchmark {

    static final int BACKGROUND = 1_000;
    private static final int FAN_OUT = 3;

    @Param({"raw", "guard"})
    public String impl;

    @Param({"h2", "postgres"})
    public String db;

    private BenchDatabase database;
    private Connection connection;
    private PreparedStatement delete;
    private PreparedStatement[] inserts;
    private long nextRoot = 1;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        database = BenchDatabase.create(db);
        database.execute("CREATE TABLE level0 (id BIGINT PRIMARY KEY, name VARCHAR(40))");
        for (int level = 1; level <= 3; level++) {
            database.execute("CREATE TABLE level" + level + " (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL "
                            + "REFERENCES level" + (level - 1) + " (id) ON DELETE CASCADE, name VARCHAR(40))",
                    "CREATE INDEX level" + level + "_parent ON level" + level + " (parent_id)");
        }
        Connection admin = database.admin();
        inserts = new PreparedStatement[4];
        inserts[0] = admin.prepareStatement("INSERT INTO level0 (id, name) VALUES (?, 'root')");
        for (int level = 1; level <= 3; level++) {
            inserts[level] = admin.prepareStatement(
                    "INSERT INTO level" + level + " (id, parent_id, name) VALUES (?, ?, 'node')");
        }
        for (int i = 0; i < BACKGROUND; i++) {
            insertSubtree();
        }
        database.execute("ANALYZE");
        connection = DriverManager.getConnection(impl.equals("guard") ? database.url("guard") : database.url());
        delete = connection.prepareStatement("DELETE FROM level0 WHERE id = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
        for (PreparedStatement insert : inserts) {
            insert.close();
        }
        database.close();
    }

    @Setup(Level.Invocation)
    public void insertSubtree() throws SQLException {
        Connection admin = database.admin();
        admin.setAutoCommit(false);
        long root = nextRoot++;
        inserts[0].setLong(1, root);
        inserts[0].executeUpdate();
        long width = 1;
        for (int level = 1; level <= 3; level++) {
            long parentFirst = root * width;
            width *= FAN_OUT;
            for (int child = 0; child < width; child++) {
                inserts[level].setLong(1, root * width + child);
                inserts[level].setLong(2, parentFirst + child / FAN_OUT);
                inserts[level].addBatch();
            }
            inserts[level].executeBatch();
        }
        admin.commit();
        admin.setAutoCommit(true);
    }

    @Benchmark
    public int deleteSubtree() throws SQLException {
        delete.setLong(1, nextRoot - 1);
        int deleted = delete.executeUpdate();
        if (deleted != 1) {
            throw new IllegalStateException("deleted " + deleted + " roots, expected 1");
        }
        return deleted;
    }
}

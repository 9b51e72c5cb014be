package dev.cascadeguard.benchmarks.anchors;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.Dialects;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.testdb.SqlScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loading the foreign-key graph the guard counts with, for the largest PostgreSQL schema of {@code shared/schemas}
 * (by file size: MusicBrainz, 375 tables and 762 foreign keys): the first load in a fresh JVM (what the first
 * guarded DELETE of an application pays; classes and the catalog queries included), the median of later loads, and
 * the heap the graph keeps (used heap after a full GC with the graph held, minus before). Runs in the JVM that
 * starts the anchor benchmarks, before any of them, so "cold" is cold.
 */
final class GraphLoad {

    private static final int WARM_LOADS = 10;
    private static final int MEMORY_SAMPLES = 3;

    record Result(String schema, int tables, long foreignKeys, double coldMillis, double warmMillis, double retainedMb) {
    }

    private GraphLoad() {
    }

    /** The largest {@code *.postgresql.sql} in a {@code shared/schemas} directory above the working directory. */
    static Optional<Path> largestSchema() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path schemas = dir.resolve("shared").resolve("schemas");
            if (Files.isDirectory(schemas)) {
                try (Stream<Path> files = Files.list(schemas)) {
                    return files.filter(f -> f.getFileName().toString().endsWith(".postgresql.sql"))
                            .max(Comparator.comparingLong(GraphLoad::size));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result measure(Path script) throws SQLException {
        try (BenchDatabase database = BenchDatabase.create("postgres")) {
            try (Statement s = database.admin().createStatement()) {
                for (String sql : SqlScript.read(script, false)) {
                    s.execute(sql);
                }
            }
            try (Connection connection = DriverManager.getConnection(database.url())) {
                long started = System.nanoTime();
                Dialect dialect = Dialects.forConnection(connection);
                FkGraph graph = dialect.loadGraph(connection);
                double cold = millisSince(started);
                int tables = graph.tables().size();
                long foreignKeys = graph.foreignKeyCount();

                double[] warm = new double[WARM_LOADS];
                for (int i = 0; i < WARM_LOADS; i++) {
                    started = System.nanoTime();
                    graph = dialect.loadGraph(connection);
                    warm[i] = millisSince(started);
                }
                graph = null;
                double[] retained = new double[MEMORY_SAMPLES];
                for (int i = 0; i < MEMORY_SAMPLES; i++) {
                    retained[i] = retainedBytes(dialect, connection) / (1024.0 * 1024.0);
                }
                return new Result(script.getFileName().toString(), tables, foreignKeys, cold, median(warm),
                        median(retained));
            }
        }
    }

    private static long retainedBytes(Dialect dialect, Connection connection) throws SQLException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        fullGc();
        long before = memory.getHeapMemoryUsage().getUsed();
        FkGraph kept = dialect.loadGraph(connection);
        fullGc();
        long after = memory.getHeapMemoryUsage().getUsed();
        Reference.reachabilityFence(kept);
        return after - before;
    }

    private static void fullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }
}

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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The guard's pass-through cost against the anchors (raw, p6spy, datasource-proxy; see {@link Anchor}): the
 * {@link Workload mixed workload} through a HikariCP pool of 4, on H2 in memory and on the local PostgreSQL, through
 * prepared statements (without and with an occasional small DELETE) and through plain {@code Statement}s. Compare
 * rows of the same {@code db} measured in the same run. {@link AnchorRun} runs {@code preparedWithDelete} for a
 * subset of the anchors only, to keep the whole run under 15 minutes on two cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class MixedWorkloadBenchmark extends PooledWorkload {

    @Param({"raw", "guard", "guard-ds", "p6spy-off", "p6spy-file", "dsproxy-none", "dsproxy-noop"})
    public String impl;

    @Param({"h2", "postgres"})
    public String db;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        open(impl, db, 4);
    }

    /** SELECT, UPDATE, INSERT through prepared statements: the pass-through. */
    @Benchmark
    public long prepared(Workload.Cursor cursor) throws Exception {
        return Workload.prepared(dataSource(), cursor, false);
    }

    /** The same with a 16-row DELETE every 16th operation, which the guard counts before letting it run. */
    @Benchmark
    public long preparedWithDelete(Workload.Cursor cursor) throws Exception {
        return Workload.prepared(dataSource(), cursor, true);
    }

    /** SELECT, UPDATE, INSERT with literal SQL through plain {@code Statement}s. */
    @Benchmark
    public long plainStatement(Workload.Cursor cursor) throws Exception {
        return Workload.plain(dataSource(), cursor, false);
    }
}

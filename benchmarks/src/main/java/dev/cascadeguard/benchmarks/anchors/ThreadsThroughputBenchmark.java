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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Throughput of the prepared {@link Workload mixed workload} from 64 threads sharing one HikariCP pool of 8 on H2
 * in memory, raw against the guard: whatever the guard shares between threads (settings, the cached foreign-key
 * graph, the parser) must not become a point of contention. A longer warm-up than the single-threaded benchmarks:
 * with 64 busy threads on two cores the JIT compiler threads get little time, and throughput was still climbing
 * after 3 × 2 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(64)
public class ThreadsThroughputBenchmark extends PooledWorkload {

    @Param({"raw", "guard"})
    public String impl;

    @Param({"h2"})
    public String db;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        open(impl, db, 8);
    }

    @Benchmark
    public long prepared(Workload.Cursor cursor) throws Exception {
        return Workload.prepared(dataSource(), cursor, false);
    }
}

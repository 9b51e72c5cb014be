package dev.cascadeguard.benchmarks.anchors;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.openjdk.jmh.runner.RunnerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The anchor benchmarks in one command (issue #20, item 6; {@code benchmarks/run-anchors.sh} builds and calls
 * this): the graph load of the largest shared schema, then {@link MixedWorkloadBenchmark},
 * {@link CascadeDeleteBenchmark} and {@link ThreadsThroughputBenchmark} with {@code -prof gc}, then the table of
 * ratios against raw measured in this run, printed and written to {@code anchors.md} beside the JMH JSON files
 * (one per part of the run).
 *
 * <p>System properties: {@code anchors.out} (directory for the JSON files and {@code anchors.md}; default
 * {@code benchmarks/target}), {@code anchors.include} (JMH regex, run instead of the parts), {@code anchors.db} / {@code anchors.impl}
 * (comma-separated parameter values, to run a part), {@code anchors.quick=true} (1 × 1 s warm-up and measurement:
 * checks the wiring, measures nothing), {@code anchors.graph=false} (skip the graph load).
 */
public final class AnchorRun {

    /** One JMH run: a benchmark regex and the {@code impl} values it runs for (null: all of its own). */
    private record Part(String name, String include, String impls) {
    }

    /**
     * The pass-through for every anchor; the workload with deletes only for raw, the guard and each anchor with its
     * logging or listener on (what it would be used with); the cascade delete and the 64 threads.
     */
    private static final List<Part> PARTS = List.of(
            new Part("pass-through", "anchors\\.MixedWorkloadBenchmark\\.(prepared|plainStatement)$", null),
            new Part("with-delete", "anchors\\.MixedWorkloadBenchmark\\.preparedWithDelete$",
                    "raw,guard,p6spy-file,dsproxy-noop"),
            new Part("guarded", "anchors\\.(CascadeDelete|ThreadsThroughput)Benchmark", null));

    private AnchorRun() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path out = Path.of(System.getProperty("anchors.out", "benchmarks/target"));
        Files.createDirectories(out);

        Optional<GraphLoad.Result> graph = Boolean.parseBoolean(System.getProperty("anchors.graph", "true"))
                ? graphLoad() : Optional.empty();

        List<RunResult> results = new ArrayList<>();
        String include = System.getProperty("anchors.include");
        if (include != null) {
            results.addAll(run(include, null, out.resolve("anchors.json")));
        } else {
            for (Part part : PARTS) {
                results.addAll(run(part.include(), part.impls(), out.resolve("anchors-" + part.name() + ".json")));
            }
        }

        double minutes = (System.nanoTime() - started) / 60e9;
        String report = AnchorReport.markdown(results, graph, minutes);
        System.out.println();
        System.out.println(report);
        Files.writeString(out.resolve("anchors.md"), report);
    }

    private static Collection<RunResult> run(String include, String impls, Path json) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        String db = System.getProperty("anchors.db");
        if (db != null) {
            options.param("db", db.split(","));
        }
        String impl = System.getProperty("anchors.impl", impls);
        if (impl != null) {
            options.param("impl", impl.split(","));
        }
        if (Boolean.getBoolean("anchors.quick")) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1));
        }
        return new Runner(options.build()).run();
    }

    private static Optional<GraphLoad.Result> graphLoad() {
        Optional<Path> schema = GraphLoad.largestSchema();
        if (schema.isEmpty()) {
            System.err.println("graph load: no shared/schemas directory above " + System.getProperty("user.dir")
                    + ": skipped");
            return Optional.empty();
        }
        try {
            GraphLoad.Result result = GraphLoad.measure(schema.get());
            System.out.printf("graph load %s: %d tables, %d foreign keys; first load %.0f ms, later loads %.0f ms "
                            + "(median), retained %.2f MB%n", result.schema(), result.tables(), result.foreignKeys(),
                    result.coldMillis(), result.warmMillis(), result.retainedMb());
            return Optional.of(result);
        } catch (Exception e) {
            System.err.println("graph load skipped: " + e.getMessage());
            return Optional.empty();
        }
    }
}

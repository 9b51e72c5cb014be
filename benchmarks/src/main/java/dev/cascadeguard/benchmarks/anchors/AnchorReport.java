package dev.cascadeguard.benchmarks.anchors;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The markdown table of one anchor run: each row's score against the {@code raw} row of the same benchmark and
 * database (ratios within one run, so machine load hits both sides), the allocation per operation from
 * {@code -prof gc}, and the targets checked against those ratios.
 */
final class AnchorReport {

    private record Row(String benchmark, String db, String impl, double score, double error, String unit,
                       double allocated, boolean higherIsBetter) {
        String group() {
            return benchmark + "/" + db;
        }
    }

    private AnchorReport() {
    }

    static String markdown(Collection<RunResult> results, Optional<GraphLoad.Result> graph, double minutes) {
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String benchmark = params.getBenchmark().replaceFirst("^.*\\.anchors\\.", "").replace("Benchmark.", ".");
            Result primary = result.getPrimaryResult();
            double allocated = result.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
            rows.add(new Row(benchmark, params.getParam("db"), params.getParam("impl"), primary.getScore(),
                    primary.getScoreError(), primary.getScoreUnit(), allocated,
                    primary.getScoreUnit().endsWith("/s")));
        }
        Map<String, Row> raw = new LinkedHashMap<>();
        rows.stream().filter(r -> r.impl().equals("raw")).forEach(r -> raw.put(r.group(), r));

        StringBuilder out = new StringBuilder();
        out.append("| benchmark | db | impl | score | ratio to raw | allocated B/op (vs raw) |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Row base = raw.get(row.group());
            out.append(String.format("| %s | %s | %s | %s ± %s %s | %s | %s |%n", row.benchmark(), row.db(), row.impl(),
                    number(row.score()), number(row.error()), row.unit(),
                    base == null ? "–" : String.format("%.3f", row.score() / base.score()),
                    allocation(row, base)));
        }
        out.append("\n**Targets**\n\n");
        target(out, rows, raw, "MixedWorkload.prepared", "h2", 1.03);
        target(out, rows, raw, "MixedWorkload.prepared", "postgres", 1.01);
        target(out, rows, raw, "MixedWorkload.plainStatement", "h2", 1.03);
        target(out, rows, raw, "MixedWorkload.plainStatement", "postgres", 1.01);
        target(out, rows, raw, "MixedWorkload.preparedWithDelete", "h2", Double.NaN);
        target(out, rows, raw, "MixedWorkload.preparedWithDelete", "postgres", Double.NaN);
        for (String db : List.of("h2", "postgres")) {
            ratio(rows, raw, "CascadeDelete.deleteSubtree", db, "guard").ifPresent(r -> out.append(String.format(
                    "- guarded 3-level cascade delete (%s): %.2f× unguarded (target ≤ 2×): %s%n", db, r,
                    verdict(r <= 2.0))));
        }
        ratio(rows, raw, "ThreadsThroughput.prepared", "h2", "guard").ifPresent(r -> out.append(String.format(
                "- 64-thread throughput (h2): %.3f× raw (target ≥ 0.97×): %s%n", r, verdict(r >= 0.97))));
        graph.ifPresent(g -> out.append(String.format(
                "- graph load, %s (%d tables, %d FKs): first %.0f ms, later %.0f ms (target < 1 s): %s; "
                        + "retained %.2f MB (target < 10 MB): %s%n", g.schema(), g.tables(), g.foreignKeys(),
                g.coldMillis(), g.warmMillis(), verdict(g.coldMillis() < 1000), g.retainedMb(),
                verdict(g.retainedMb() < 10))));
        out.append(String.format("%nWall time of the whole run: %.1f min.%n", minutes));
        return out.toString();
    }

    private static void target(StringBuilder out, List<Row> rows, Map<String, Row> raw, String benchmark, String db,
                               double limit) {
        OptionalDouble guard = ratio(rows, raw, benchmark, db, "guard");
        if (guard.isEmpty()) {
            return;
        }
        double g = guard.getAsDouble();
        out.append(Double.isNaN(limit)
                ? String.format("- %s (%s): guard %.3f× raw (no target: the guard counts each DELETE)", benchmark, db, g)
                : String.format("- %s (%s): guard %.3f× raw (target ≤ %.2f×): %s", benchmark, db, g, limit,
                verdict(g <= limit)));
        for (String anchor : List.of("p6spy", "dsproxy")) {
            OptionalDouble fastest = rows.stream()
                    .filter(r -> r.benchmark().equals(benchmark) && r.db().equals(db) && r.impl().startsWith(anchor))
                    .mapToDouble(r -> r.score() / raw.get(r.group()).score()).min();
            fastest.ifPresent(a -> out.append(String.format("; below the fastest %s (%.3f×): %s", anchor, a,
                    verdict(g < a))));
        }
        out.append('\n');
    }

    private static OptionalDouble ratio(List<Row> rows, Map<String, Row> raw, String benchmark, String db,
                                        String impl) {
        Row base = raw.get(benchmark + "/" + db);
        return base == null ? OptionalDouble.empty() : rows.stream()
                .filter(r -> r.benchmark().equals(benchmark) && r.db().equals(db) && r.impl().equals(impl))
                .mapToDouble(r -> r.score() / base.score()).findFirst();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String allocation(Row row, Row base) {
        if (Double.isNaN(row.allocated())) {
            return "–";
        }
        String own = String.format("%,.0f", row.allocated());
        return base == null || row == base ? own : own + String.format(" (%+,.0f)", row.allocated() - base.allocated());
    }

    private static String number(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
}

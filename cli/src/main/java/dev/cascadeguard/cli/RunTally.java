package dev.cascadeguard.cli;

import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.TableEffect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the statements of one {@code run} destroyed, collected from the guard's listener seam (decisions and
 * successful executions on the run's own thread), and the summary table printed from it.
 */
final class RunTally implements GuardListener {

    private final Thread owner;
    final Map<Key, long[]> rows = new LinkedHashMap<>();
    /** Rows of the decisions that went on to run (what a scoped allowance would have spent). */
    long rowsRun;
    int statements;

    RunTally(Thread owner) {
        this.owner = owner;
    }

    @Override
    public void decided(GuardEvent.Decided event) {
        if (Thread.currentThread() == owner && event.verdict().runs()) {
            rowsRun += event.report().decision().totalRows();
        }
    }

    @Override
    public void executed(GuardEvent.Executed event) {
        if (Thread.currentThread() != owner || !event.succeeded()) {
            return;
        }
        statements++;
        for (CascadeReport report : event.report().reports()) {
            add(rows, report);
        }
    }

    /** What it counted so far (the part a DDL statement committed implicitly on MySQL, MariaDB, H2). */
    RunTally copy() {
        RunTally copy = new RunTally(owner);
        rows.forEach((k, v) -> copy.rows.put(k, v.clone()));
        copy.rowsRun = rowsRun;
        copy.statements = statements;
        return copy;
    }

    long total() {
        return rows.values().stream().mapToLong(v -> v[0]).sum();
    }

    boolean atLeast() {
        return rows.values().stream().anyMatch(v -> v[1] != 0);
    }

    /** One row of the summary: a table and what happened to its rows. */
    record Key(String table, String action) {
    }

    /** Adds a report's effects: {@code [rows, 1 when some count is a lower bound or estimate]} per table and action. */
    static void add(Map<Key, long[]> into, CascadeReport report) {
        for (TableEffect e : report.effects()) {
            if (!e.action().changesRows()) {
                continue;
            }
            long[] v = into.computeIfAbsent(new Key(e.table(), e.action().name().replace('_', ' ')),
                    k -> new long[2]);
            v[0] += e.rows();
            v[1] |= e.capped() || !e.exact() ? 1 : 0;
        }
    }

    static String table(Map<Key, long[]> rows, String title) {
        if (rows.isEmpty()) {
            return "no rows destroyed\n";
        }
        int tableWidth = "table".length();
        int countWidth = title.length();
        for (Map.Entry<Key, long[]> e : rows.entrySet()) {
            tableWidth = Math.max(tableWidth, e.getKey().table().length());
            countWidth = Math.max(countWidth, count(e.getValue()).length());
        }
        StringBuilder sb = new StringBuilder();
        String format = "%-" + tableWidth + "s  %" + countWidth + "s  %s%n";
        sb.append(String.format(format, "table", title, "action"));
        for (Map.Entry<Key, long[]> e : rows.entrySet()) {
            sb.append(String.format(format, e.getKey().table(), count(e.getValue()), e.getKey().action()));
        }
        return sb.toString();
    }

    private static String count(long[] v) {
        return (v[1] != 0 ? "≥ " : "") + RowFormat.count(v[0]);
    }

    static String rowsText(long rows, boolean atLeast) {
        return (atLeast ? "at least " : "") + RowFormat.count(rows) + (rows == 1 && !atLeast ? " row" : " rows");
    }
}

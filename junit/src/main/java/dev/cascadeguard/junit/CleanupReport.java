package dev.cascadeguard.junit;

import dev.cascadeguard.report.EffectAction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the guarded statements of one test method destroyed so far: successful executions on the test thread, from
 * the extension's {@code beforeEach} to after the last {@code afterEach}. Inject it into a test or lifecycle method
 * ({@code @BeforeEach}, {@code @Test}, {@code @AfterEach}); it grows as statements run, and every read is a
 * consistent snapshot.
 */
public final class CleanupReport {

    /** Rows of one table that one kind of action destroyed (deleted, set to null, set to the default, column dropped). */
    public record TableRows(String table, EffectAction action, long rows) {
    }

    private final Map<String, TableRows> byTableAndAction = new LinkedHashMap<>();
    private final List<String> statements = new ArrayList<>();
    private final List<String> stopped = new ArrayList<>();
    private long totalRows;

    synchronized void addStopped(String statement) {
        stopped.add(statement);
    }

    /** The statements the guard stopped on the test thread (they ran not at all), each with the tables it would have hit. */
    public synchronized List<String> stopped() {
        return List.copyOf(stopped);
    }

    synchronized void add(String sql, List<TableRows> effects) {
        statements.add(sql);
        for (TableRows e : effects) {
            totalRows += e.rows();
            String key = e.table().toLowerCase(Locale.ROOT) + "\u0000" + e.action();
            TableRows known = byTableAndAction.get(key);
            byTableAndAction.put(key, known == null ? e : new TableRows(known.table(), e.action(), known.rows() + e.rows()));
        }
    }

    /** Rows destroyed in all, every table and action. */
    public synchronized long totalRows() {
        return totalRows;
    }

    /** Rows destroyed in one table (any action; name in any case, as the guard's reports show it). */
    public synchronized long rows(String table) {
        long rows = 0;
        for (TableRows e : byTableAndAction.values()) {
            if (e.table().equalsIgnoreCase(table)) {
                rows += e.rows();
            }
        }
        return rows;
    }

    /** Rows destroyed per table and action, in the order they were first touched; tables with no row destroyed left out. */
    public synchronized List<TableRows> tables() {
        return byTableAndAction.values().stream().filter(e -> e.rows() > 0).toList();
    }

    /** How many distinct tables lost rows. */
    public synchronized int tableCount() {
        return (int) tables().stream().map(e -> e.table().toLowerCase(Locale.ROOT)).distinct().count();
    }

    /** The destructive statements that ran successfully, in order (those destroying nothing included). */
    public synchronized List<String> statements() {
        return List.copyOf(statements);
    }

    /** "cleanup destroyed 42 rows in 3 tables" */
    public synchronized String summary() {
        int tables = tableCount();
        return "cleanup destroyed " + totalRows + (totalRows == 1 ? " row" : " rows") + " in " + tables
                + (tables == 1 ? " table" : " tables");
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder(summary()).append(" (").append(statements.size())
                .append(statements.size() == 1 ? " statement)" : " statements)");
        for (TableRows e : tables()) {
            out.append(System.lineSeparator()).append("  ").append(e.table()).append(": ").append(e.rows())
                    .append(' ').append(e.action());
        }
        return out.toString();
    }
}

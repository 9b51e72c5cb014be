package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts a table's rows up to a bound, for databases (or tables) without a kept estimate: reading a few thousand
 * rows of index is cheap, counting a billion is not.
 */
final class BoundedCount {

    static final long BOUND = 100_000;

    private final Dialect dialect;

    BoundedCount(Dialect dialect) {
        this.dialect = dialect;
    }

    RowEstimate count(Connection connection, TableId table) throws SQLException {
        String sql = "SELECT COUNT(*) FROM (SELECT 1 AS cg_one FROM " + dialect.qualified(table)
                + dialect.limit(BOUND + 1) + ") cg_sample";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            long n = rows.next() ? rows.getLong(1) : 0;
            return n > BOUND ? new RowEstimate(BOUND, true, "sample") : new RowEstimate(n, false, "count");
        }
    }

    /**
     * The estimates a catalog query keeps (columns: schema, table, rows; negative rows are no estimate), labelled
     * {@code source}, and a bounded count for every table it has none for.
     */
    Map<TableId, RowEstimate> estimates(Connection connection, String sql, String source,
                                        Collection<TableInfo> tables) throws SQLException {
        Map<TableId, RowEstimate> known = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                long n = Math.round(rows.getDouble(3));
                if (n >= 0 && !rows.wasNull()) {
                    known.put(new TableId(rows.getString(1), rows.getString(2)), new RowEstimate(n, false, source));
                }
            }
        }
        return completing(connection, tables, known);
    }

    /** Fills in a count for every table {@code known} has no estimate for. */
    Map<TableId, RowEstimate> completing(Connection connection, Collection<TableInfo> tables,
                                         Map<TableId, RowEstimate> known) throws SQLException {
        Map<TableId, RowEstimate> all = new HashMap<>(known);
        for (TableInfo table : tables) {
            if (!all.containsKey(table.id())) {
                all.put(table.id(), count(connection, table.id()));
            }
        }
        all.keySet().retainAll(tables.stream().map(TableInfo::id).toList());
        return all;
    }
}

package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.plan.TableId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects index columns from a catalog query with one row per index column, ordered by schema, table, index and
 * position: columns 1-4 are schema, table, index name, column name (null for an expression).
 */
final class IndexRows {

    private IndexRows() {
    }

    /** Runs {@code sql} (one row per index column, see above) and keeps the indexes of {@code tables}. */
    static Map<TableId, List<List<String>>> query(java.sql.Connection connection, String sql,
                                                   Collection<dev.cascadeguard.driver.plan.TableInfo> tables)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            return read(query, ids(tables));
        }
    }

    static Map<TableId, List<List<String>>> read(PreparedStatement query, Set<TableId> wanted) throws SQLException {
        Map<TableId, Map<String, List<String>>> byTable = new HashMap<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                TableId table = new TableId(rows.getString(1), rows.getString(2));
                if (!wanted.contains(table)) {
                    continue;
                }
                String column = rows.getString(4);
                byTable.computeIfAbsent(table, t -> new LinkedHashMap<>())
                        .computeIfAbsent(rows.getString(3), i -> new ArrayList<>()).add(column == null ? "" : column);
            }
        }
        Map<TableId, List<List<String>>> indexes = new HashMap<>();
        byTable.forEach((table, named) -> indexes.put(table, List.copyOf(named.values())));
        return indexes;
    }

    static Set<TableId> ids(Collection<dev.cascadeguard.driver.plan.TableInfo> tables) {
        Set<TableId> ids = new java.util.HashSet<>();
        tables.forEach(t -> ids.add(t.id()));
        return ids;
    }
}

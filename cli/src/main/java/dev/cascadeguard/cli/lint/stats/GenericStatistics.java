package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any other database: rows counted up to a bound, indexes from {@code DatabaseMetaData.getIndexInfo} (one call per
 * table; approximate = true, so no statistics are gathered for it).
 */
final class GenericStatistics implements CatalogStatistics {

    private final BoundedCount counter;

    GenericStatistics(Dialect dialect) {
        this.counter = new BoundedCount(dialect);
    }

    @Override
    public Map<TableId, RowEstimate> rows(Connection connection, Collection<TableInfo> tables) throws SQLException {
        return counter.completing(connection, tables, Map.of());
    }

    @Override
    public Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables)
            throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        Map<TableId, List<List<String>>> indexes = new HashMap<>();
        for (TableInfo table : tables) {
            Map<String, List<String>> named = new LinkedHashMap<>();
            try (ResultSet rows = metaData.getIndexInfo(null, table.id().schema(), table.id().name(), false, true)) {
                while (rows.next()) {
                    if (rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                            || rows.getString("FILTER_CONDITION") != null) {
                        continue;
                    }
                    String column = rows.getString("COLUMN_NAME");
                    List<String> columns = named.computeIfAbsent(rows.getString("INDEX_NAME"), i -> new ArrayList<>());
                    int position = rows.getShort("ORDINAL_POSITION");
                    while (columns.size() < position) {
                        columns.add("");
                    }
                    columns.set(position - 1, column == null ? "" : column);
                }
            }
            indexes.put(table.id(), List.copyOf(named.values()));
        }
        return indexes;
    }
}

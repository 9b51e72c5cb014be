package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * SQLite: no row statistics unless ANALYZE wrote {@code sqlite_stat1}, so tables are counted up to a bound; indexes
 * from {@code pragma_index_list} / {@code pragma_index_info} (partial ones left out). An INTEGER PRIMARY KEY is the
 * rowid and has no index entry: the caller adds the primary key.
 */
final class SqliteStatistics implements CatalogStatistics {

    private static final String INDEXES = """
            select 'main', m.name, il.name, ii.name
              from sqlite_master m
              join pragma_index_list(m.name) il
              join pragma_index_info(il.name) ii
             where m.type = 'table' and il.partial = 0
             order by m.name, il.name, ii.seqno
            """;

    private final BoundedCount counter;

    SqliteStatistics(Dialect dialect) {
        this.counter = new BoundedCount(dialect);
    }

    @Override
    public Map<TableId, RowEstimate> rows(Connection connection, Collection<TableInfo> tables) throws SQLException {
        return counter.completing(connection, tables, Map.of());
    }

    @Override
    public Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables)
            throws SQLException {
        return IndexRows.query(connection, INDEXES, tables);
    }
}

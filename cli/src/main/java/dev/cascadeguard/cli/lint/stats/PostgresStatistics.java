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
 * PostgreSQL: {@code pg_class.reltuples}, kept by ANALYZE and autovacuum (-1 until a table was first analyzed: then
 * a bounded count), and {@code pg_index}, leaving out partial and invalid indexes, which cannot serve every lookup.
 */
final class PostgresStatistics implements CatalogStatistics {

    private static final String ROWS = """
            select n.nspname, c.relname, c.reltuples
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p') and c.reltuples >= 0
            """;

    private static final String INDEXES = """
            select n.nspname, c.relname, i.indexrelid::regclass::text, a.attname
              from pg_index i
              join pg_class c on c.oid = i.indrelid
              join pg_namespace n on n.oid = c.relnamespace
              cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
              left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum and k.attnum > 0
             where i.indpred is null and i.indisvalid
               and k.position <= i.indnkeyatts
             order by 1, 2, 3, k.position
            """;

    private final BoundedCount counter;

    PostgresStatistics(Dialect dialect) {
        this.counter = new BoundedCount(dialect);
    }

    @Override
    public Map<TableId, RowEstimate> rows(Connection connection, Collection<TableInfo> tables) throws SQLException {
        return counter.estimates(connection, ROWS, "pg_class.reltuples", tables);
    }

    @Override
    public boolean truncateCascades() {
        return true;
    }

    @Override
    public Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables)
            throws SQLException {
        return IndexRows.query(connection, INDEXES, tables);
    }
}

package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Map<TableId, RowEstimate> known = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(ROWS); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                known.put(new TableId(rows.getString(1), rows.getString(2)),
                        new RowEstimate(Math.round(rows.getDouble(3)), false, "pg_class.reltuples"));
            }
        }
        return counter.completing(connection, tables, known);
    }

    @Override
    public boolean truncateCascades() {
        return true;
    }

    @Override
    public Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables)
            throws SQLException {
        Set<TableId> wanted = IndexRows.ids(tables);
        try (PreparedStatement query = connection.prepareStatement(INDEXES)) {
            return IndexRows.read(query, wanted);
        }
    }
}

package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL: {@code pg_class.reltuples}, kept by ANALYZE and autovacuum (-1 until a table was first analyzed: then
 * a bounded count), the most common value of each referencing column from {@code pg_stats}, and {@code pg_index}, leaving out partial and invalid indexes, which cannot serve every lookup.
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

    /** The share of rows holding each column's most common value; pg_stats lists it first. */
    private static final String MOST_COMMON = """
            select schemaname, tablename, attname, most_common_freqs[1] from pg_stats
             where most_common_freqs is not null and not inherited
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
    public Map<ForeignKey, Double> heaviestParent(Connection connection, Collection<ForeignKey> keys,
                                                  Map<TableId, RowEstimate> rows) throws SQLException {
        Map<String, Double> shareByColumn = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery(MOST_COMMON)) {
            while (found.next()) {
                shareByColumn.put(found.getString(1) + "\0" + found.getString(2) + "\0" + found.getString(3),
                        found.getDouble(4));
            }
        }
        Map<ForeignKey, Double> heaviest = new HashMap<>();
        for (ForeignKey fk : keys) {
            Double share = fk.childColumns().size() != 1 ? null : shareByColumn.get(
                    fk.child().schema() + "\0" + fk.child().name() + "\0" + fk.childColumns().get(0));
            RowEstimate childRows = rows.get(fk.child());
            if (share != null && childRows != null && !childRows.atLeast()
                    && "pg_class.reltuples".equals(childRows.source())) {
                heaviest.put(fk, share * childRows.rows());
            }
        }
        return heaviest;
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

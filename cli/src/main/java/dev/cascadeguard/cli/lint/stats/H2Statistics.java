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
 * H2 2.x: {@code INFORMATION_SCHEMA.TABLES.ROW_COUNT_ESTIMATE} and {@code INDEX_COLUMNS}. H2 creates an index for
 * every referential constraint that has none, so its foreign keys are indexed unless that index was dropped.
 */
final class H2Statistics implements CatalogStatistics {

    private static final String ROWS = """
            select table_schema, table_name, row_count_estimate from information_schema.tables
             where table_type = 'BASE TABLE' and row_count_estimate is not null
            """;

    private static final String INDEXES = """
            select table_schema, table_name, index_name, column_name from information_schema.index_columns
             order by table_schema, table_name, index_name, ordinal_position
            """;

    private final BoundedCount counter;

    H2Statistics(Dialect dialect) {
        this.counter = new BoundedCount(dialect);
    }

    @Override
    public Map<TableId, RowEstimate> rows(Connection connection, Collection<TableInfo> tables) throws SQLException {
        return counter.estimates(connection, ROWS, "ROW_COUNT_ESTIMATE", tables);
    }

    @Override
    public Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables)
            throws SQLException {
        return IndexRows.query(connection, INDEXES, tables);
    }
}

package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MariaDB / MySQL: {@code information_schema.tables.table_rows} (InnoDB's persistent statistics, an estimate) and
 * {@code information_schema.statistics}. InnoDB creates an index for every foreign key that has none.
 */
final class MariaDbStatistics implements CatalogStatistics {

    private static final String ROWS = """
            select table_schema, table_name, table_rows from information_schema.tables
             where table_type = 'BASE TABLE' and table_rows is not null
               and table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')
            """;

    private static final String INDEXES = """
            select table_schema, table_name, index_name, column_name from information_schema.statistics
             where table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')
             order by table_schema, table_name, index_name, seq_in_index
            """;

    private final BoundedCount counter;

    MariaDbStatistics(Dialect dialect) {
        this.counter = new BoundedCount(dialect);
    }

    @Override
    public Map<TableId, RowEstimate> rows(Connection connection, Collection<TableInfo> tables) throws SQLException {
        return counter.estimates(connection, ROWS, "InnoDB statistics", tables);
    }

    @Override
    public Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables)
            throws SQLException {
        return IndexRows.query(connection, INDEXES, tables);
    }

    @Override
    public boolean cascadesFireTriggers() {
        return false;
    }

    @Override
    public Optional<String> ownSchema(Connection connection) throws SQLException {
        return Optional.ofNullable(connection.getCatalog()).filter(s -> !s.isEmpty());
    }
}

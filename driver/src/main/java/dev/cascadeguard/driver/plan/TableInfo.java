package dev.cascadeguard.driver.plan;

import java.util.List;
import java.util.Map;

/**
 * What the planner needs to know of a table.
 *
 * @param id                the table
 * @param primaryKey        primary key columns in key order, empty when there is none
 * @param columns           the referencing columns of its foreign keys (nullability, default), by catalog name
 * @param hasDeleteTrigger  true when a DELETE trigger (or a PostgreSQL rule) may do more than the foreign keys say
 */
public record TableInfo(TableId id, List<String> primaryKey, Map<String, ColumnInfo> columns, boolean hasDeleteTrigger) {
    public TableInfo {
        primaryKey = List.copyOf(primaryKey);
        columns = Map.copyOf(columns);
    }
}

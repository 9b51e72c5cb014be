package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.plan.TableId;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a DROP takes with it beyond the objects it names, as the database's own dependency records say
 * (PostgreSQL's {@code pg_depend}): whole tables (an extension's member tables, tables typed {@code OF} a dropped
 * type) and table columns (of a dropped type, domain, collation, or generated from a dropped function).
 *
 * @param tables  tables dropped whole
 * @param columns per table, the columns dropped from it (quoted for the dialect)
 */
public record DroppedObjects(Set<TableId> tables, Map<TableId, List<String>> columns) {

    public static final DroppedObjects NONE = new DroppedObjects(Set.of(), Map.of());

    public DroppedObjects {
        tables = Set.copyOf(tables);
        columns = Map.copyOf(columns);
    }

    public boolean isEmpty() {
        return tables.isEmpty() && columns.isEmpty();
    }
}

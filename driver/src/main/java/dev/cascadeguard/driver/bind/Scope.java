package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

/**
 * Where a statement's names were bound, which is also where its counts are read and how its tables are shown.
 *
 * @param graph         the graph the tables were found in: the database's shared one, or one of just the session's
 *                      temporary tables
 * @param schema        the schema unqualified names resolved in; tables in it are shown without schema
 * @param sessionSchema true when {@code schema} is the session's current schema, which the counting query then
 *                      checks is still current; false for the temporary tables' own schema (pg_temp_N, "temp")
 */
public record Scope(FkGraph graph, String schema, boolean sessionSchema) {

    /** A table as reports show it: without its schema where that is the scope's. */
    public String display(TableId table) {
        return table.schema().equals(schema) ? table.name() : table.schema() + "." + table.name();
    }
}

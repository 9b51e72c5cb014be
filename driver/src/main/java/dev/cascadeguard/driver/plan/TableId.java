package dev.cascadeguard.driver.plan;

import java.util.Objects;

/**
 * A table exactly as the catalog names it.
 *
 * @param schema the schema (PostgreSQL, H2), database (MariaDB) or attached database (SQLite, "main"); never null
 * @param name   the table name in the catalog's own case
 */
public record TableId(String schema, String name) {
    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}

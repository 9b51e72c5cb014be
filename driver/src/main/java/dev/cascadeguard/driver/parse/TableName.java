package dev.cascadeguard.driver.parse;

import java.util.Objects;

/**
 * A table name as the statement wrote it, quotes removed.
 *
 * @param schema the schema (or MySQL database) qualifier, or null when the name is unqualified
 * @param name   the table name
 * @param quoted true when the name was a quoted identifier (its case is then exact)
 */
public record TableName(String schema, String name, boolean quoted) {
    public TableName {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}

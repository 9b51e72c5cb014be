package dev.cascadeguard.driver.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Small builders for portable DDL/DML (table-level CONSTRAINT FKs: MariaDB ignores column-level REFERENCES). */
final class Sql {

    private Sql() {
    }

    /** {@code constraint <name> foreign key (<cols>) references <parent>(<pcols>) on delete <action>} */
    static String fk(String name, String cols, String parent, String parentCols, String action) {
        return "constraint " + name + " foreign key (" + cols + ") references " + parent + "(" + parentCols
                + ") on delete " + action;
    }

    /** One multi-row INSERT; each row is the text between the parentheses. */
    static String insert(String table, List<String> rows) {
        StringJoiner j = new StringJoiner(", ", "insert into " + table + " values ", "");
        rows.forEach(r -> j.add("(" + r + ")"));
        return j.toString();
    }

    static String insert(String table, String... rows) {
        return insert(table, List.of(rows));
    }

    static List<String> list() {
        return new ArrayList<>();
    }
}

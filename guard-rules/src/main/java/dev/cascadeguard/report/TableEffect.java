package dev.cascadeguard.report;

import java.util.List;
import java.util.Objects;

/**
 * The effect of one statement on one table, for one action.
 *
 * @param table  the table as the database names it (schema-qualified only outside the default schema)
 * @param action what happens to the rows
 * @param rows   distinct rows affected; a lower bound when {@code capped} or not {@code exact}
 * @param exact  true when {@code rows} was counted, false when it is a planner estimate or a lower bound
 * @param capped true when counting stopped at the cap (bounded mode): there are at least {@code rows}
 * @param depth  0 for the target, then the number of foreign-key hops along the shortest cascade path
 * @param path   the tables along that path, from the target to this table
 */
public record TableEffect(String table, EffectAction action, long rows, boolean exact, boolean capped, int depth,
                          List<String> path) {

    public TableEffect {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(action, "action");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
        path = List.copyOf(path);
    }
}

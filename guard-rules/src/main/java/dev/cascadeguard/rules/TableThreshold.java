package dev.cascadeguard.rules;

import java.util.Objects;

/**
 * One {@code guard.table.<name>.confirmAbove} or {@code .blockAbove} setting.
 *
 * @param key    the key as written, for reasons and messages
 * @param schema the schema part of the name without quotes, or null when the key names the table alone
 *               (then it applies to that table in any schema)
 * @param table  the table part of the name, without quotes
 * @param action CONFIRM for {@code confirmAbove}, BLOCK for {@code blockAbove}
 * @param rows   the rows changed in that table above which the action applies; 0 = any row
 */
public record TableThreshold(String key, String schema, String table, RuleAction action, long rows) {
    public TableThreshold {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(table, "table");
        if (action != RuleAction.CONFIRM && action != RuleAction.BLOCK) {
            throw new IllegalArgumentException("a table threshold is CONFIRM or BLOCK, not " + action);
        }
        if (rows < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more, was " + rows);
        }
    }
}

package dev.cascadeguard.rules;

/**
 * An allowance that spans statements: rows the guarded statements may still destroy past a CONFIRM rule, given
 * with {@code CascadeGuard.allow(rows, reason)} (bound to a thread) or {@code SET guard.allow_rows_total = N}
 * (bound to a connection). Unlike a {@link SessionOverride} it is not used up by one statement: each statement
 * that runs while it is open spends its rows from it. Like an override, it never lifts a BLOCK and covers only
 * exact counts.
 *
 * @param remaining the rows still allowed (for nested scopes, the least that any enclosing scope has left)
 * @param reason    why, for the audit trail (may be empty, never null)
 * @param source    where it came from: {@code "scope"} (Java) or {@code "sql-total"} (SQL)
 */
public record Budget(long remaining, String reason, String source) {
    public Budget {
        if (remaining < 0) {
            throw new IllegalArgumentException("an allowance must be 0 rows or more, was " + remaining);
        }
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
    }
}

package dev.cascadeguard.rules;

import java.util.Set;

/**
 * An allowance that spans statements: rows the guarded statements may still destroy past a CONFIRM rule, given
 * with {@code CascadeGuard.allow(rows, reason)} (bound to a thread) or {@code SET guard.allow_rows_total = N}
 * (bound to a connection). Unlike a {@link SessionOverride} it is not used up by one statement: each statement
 * that runs while it is open spends its rows from it. Like an override, it never lifts a BLOCK and covers only
 * exact counts.
 *
 * <p>A <em>cleanup budget</em> ({@code enforced}, from {@code CascadeGuard.cleanupBudget}) is also a limit: a
 * statement over what is left, or touching a protected table, is blocked (XG002) before it runs, whatever the
 * thresholds say — the test-cleanup guard: cleanup runs as written within its budget, and never beyond it.
 *
 * @param remaining       the rows still allowed (for nested scopes, the least that any enclosing scope has left)
 * @param reason          why, for the audit trail (may be empty, never null)
 * @param source          where it came from: {@code "scope"}, {@code "cleanup"} (Java) or {@code "sql-total"} (SQL)
 * @param enforced        true for a cleanup budget: over it is BLOCK, not the thresholds' decision
 * @param protectedTables tables (names as reports show them, any case) an enforced budget never lets a row of go
 */
public record Budget(long remaining, String reason, String source, boolean enforced, Set<String> protectedTables) {
    public Budget {
        if (remaining < 0) {
            throw new IllegalArgumentException("an allowance must be 0 rows or more, was " + remaining);
        }
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
        protectedTables = Set.copyOf(protectedTables);
    }

    /** An allowance that only lifts CONFIRM (not a cleanup budget). */
    public Budget(long remaining, String reason, String source) {
        this(remaining, reason, source, false, Set.of());
    }
}

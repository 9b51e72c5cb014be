package dev.cascadeguard.rules;

/**
 * A session's explicit permission for its next guarded statement to change up to {@code rows} rows,
 * given with {@code SET guard.allow_rows = N} or {@code GuardConnection.allowNext(rows, reason)}.
 *
 * @param rows   the most rows the next guarded statement may change
 * @param reason why, for the audit trail (may be empty, never null)
 * @param source where it came from: {@code "sql"} or {@code "java"}
 */
public record SessionOverride(long rows, String reason, String source) {
    public SessionOverride {
        if (rows < 0) {
            throw new IllegalArgumentException("guard.allow_rows must be 0 or more, was " + rows);
        }
        reason = reason == null ? "" : reason;
    }
}

package dev.cascadeguard.rules;

import java.util.List;

/**
 * The rules' verdict on a guarded statement (or batch).
 *
 * @param action       ALLOW, LOG, CONFIRM or BLOCK, after any session override
 * @param unverifiable true when BLOCK comes from {@code guard.onEstimateError} (SQLState XG003 rather than XG002)
 * @param reasons      one readable sentence per rule that fired, e.g. "12,345 rows > guard.confirmAbove (1,000)"
 * @param rule         the key of the rule that decided, e.g. {@code guard.confirmAbove}, or "" for none
 * @param totalRows    the rows the decision was taken on (sum over the statements)
 * @param overrideUsed true when a session override turned a CONFIRM into a run
 * @param budgetUsed   the allowance ({@link Budget}) that turned a CONFIRM into a run, or null
 */
public record Decision(RuleAction action, boolean unverifiable, List<String> reasons, String rule, long totalRows,
                       boolean overrideUsed, Budget budgetUsed) {
    public Decision {
        reasons = List.copyOf(reasons);
        rule = rule == null ? "" : rule;
    }

    public Decision(RuleAction action, boolean unverifiable, List<String> reasons, String rule, long totalRows,
                    boolean overrideUsed) {
        this(action, unverifiable, reasons, rule, totalRows, overrideUsed, null);
    }

    /** True when the statement must not reach the database (under enforce mode). */
    public boolean stops() {
        return action == RuleAction.CONFIRM || action == RuleAction.BLOCK;
    }
}

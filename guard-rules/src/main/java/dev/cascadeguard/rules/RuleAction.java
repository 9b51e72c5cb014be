package dev.cascadeguard.rules;

/** What a rule does with a destructive statement, in rising severity. */
public enum RuleAction {
    /** Run it, say nothing. */
    ALLOW,
    /** Run it and write an audit event. */
    LOG,
    /** Fail (SQLState XG001) unless a session override covers it. */
    CONFIRM,
    /** Fail (SQLState XG002, or XG003 when the statement could not be checked), override or not. */
    BLOCK;

    public boolean isStricterThan(RuleAction other) {
        return ordinal() > other.ordinal();
    }

    public static RuleAction stricter(RuleAction a, RuleAction b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}

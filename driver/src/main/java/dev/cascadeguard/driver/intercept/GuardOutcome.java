package dev.cascadeguard.driver.intercept;

/** What a wrapper does after the guard has looked at a statement (a stop is an SQLException instead). */
public enum GuardOutcome {
    /** Run it on the real driver. */
    EXECUTE,
    /** Run it, then tell the guard the schema may have changed ({@link StatementGuard#schemaChanged()}). */
    EXECUTE_THEN_REFRESH,
    /** The guard consumed it (a session command): the database never sees it; report no rows, no result. */
    CONSUMED
}

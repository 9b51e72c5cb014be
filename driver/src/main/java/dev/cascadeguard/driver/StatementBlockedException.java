package dev.cascadeguard.driver;

import dev.cascadeguard.rules.GuardReport;

/** SQLState XG002: a BLOCK rule fired; no override lifts it. */
public final class StatementBlockedException extends CascadeGuardException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "XG002";

    public StatementBlockedException(String message, GuardReport report) {
        super(message, SQL_STATE, report);
    }
}

package dev.cascadeguard.driver;

import dev.cascadeguard.rules.GuardReport;

/**
 * SQLState XG003: the guard could not parse or estimate a destructive statement, and
 * {@code guard.onEstimateError=BLOCK} (the default) fails closed.
 */
public final class UncheckableStatementException extends CascadeGuardException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "XG003";

    public UncheckableStatementException(String message, GuardReport report) {
        super(message, SQL_STATE, report);
    }
}

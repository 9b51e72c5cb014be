package dev.cascadeguard.driver;

import dev.cascadeguard.rules.GuardReport;

/** SQLState XG001: over a CONFIRM threshold, and no session override covers it. */
public final class ConfirmationRequiredException extends CascadeGuardException {
    private static final long serialVersionUID = 1L;
    public static final String SQL_STATE = "XG001";

    public ConfirmationRequiredException(String message, GuardReport report) {
        super(message, SQL_STATE, report);
    }

    /** The override that would let the statement run: {@code SET guard.allow_rows = rowsToAllow()}. */
    public long rowsToAllow() {
        return report().decision().totalRows();
    }
}

package dev.cascadeguard.driver;

import dev.cascadeguard.rules.GuardReport;

import java.sql.SQLNonTransientException;

/**
 * The guard stopped a statement before the database saw it. The subclass and SQLState say why; the report says
 * what the statement would have done, for programs that want more than the message.
 */
public abstract sealed class CascadeGuardException extends SQLNonTransientException
        permits ConfirmationRequiredException, StatementBlockedException, UncheckableStatementException {

    private static final long serialVersionUID = 1L;

    private final transient GuardReport report;

    protected CascadeGuardException(String message, String sqlState, GuardReport report) {
        super(message, sqlState);
        this.report = report;
    }

    /** What the statement would have done and the decision on it. */
    public GuardReport report() {
        return report;
    }
}

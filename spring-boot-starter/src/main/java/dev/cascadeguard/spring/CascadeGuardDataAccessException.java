package dev.cascadeguard.spring;

import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.rules.GuardReport;
import org.springframework.dao.NonTransientDataAccessException;

import java.sql.SQLException;

/**
 * A statement CascadeGuard stopped, as Spring's {@code DataAccessException} hierarchy shows it: non-transient
 * (running it again stops it again), carrying the guard's report and the original {@link CascadeGuardException}
 * as its cause. One subclass per SQLState: {@link CascadeConfirmationRequiredException} ({@code XG001}),
 * {@link CascadeStatementBlockedException} ({@code XG002}), {@link CascadeUncheckableStatementException}
 * ({@code XG003}).
 */
public abstract sealed class CascadeGuardDataAccessException extends NonTransientDataAccessException
        permits CascadeConfirmationRequiredException, CascadeStatementBlockedException,
        CascadeUncheckableStatementException {

    private final String sql;

    CascadeGuardDataAccessException(String sql, CascadeGuardException cause) {
        super(cause.getMessage(), cause);
        this.sql = sql;
    }

    /** The matching exception for the guard's exception (by its class, hence its SQLState). */
    public static CascadeGuardDataAccessException of(String sql, CascadeGuardException guard) {
        if (guard instanceof ConfirmationRequiredException confirm) {
            return new CascadeConfirmationRequiredException(sql, confirm);
        }
        if (guard instanceof StatementBlockedException blocked) {
            return new CascadeStatementBlockedException(sql, blocked);
        }
        return new CascadeUncheckableStatementException(sql, guard);
    }

    /** What the guard counted and decided: tables, rows, the rule that fired. */
    public GuardReport report() {
        return getSQLException().report();
    }

    /** The guard's own exception ({@code java.sql.SQLNonTransientException}). */
    public CascadeGuardException getSQLException() {
        return (CascadeGuardException) getCause();
    }

    /** {@code XG001}, {@code XG002} or {@code XG003}. */
    public String getSqlState() {
        return getSQLException().getSQLState();
    }

    /** The SQL the application ran, as the caller (JdbcTemplate, Hibernate) reported it; may be null. */
    public String getSql() {
        return sql;
    }

    /** Finds the guard's exception in an SQLException's causes and chained exceptions, or null. */
    public static CascadeGuardException findGuardException(Throwable thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof CascadeGuardException guard) {
                return guard;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null
                    && sql.getNextException() != t) {
                CascadeGuardException next = findGuardException(sql.getNextException());
                if (next != null) {
                    return next;
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return null;
    }
}

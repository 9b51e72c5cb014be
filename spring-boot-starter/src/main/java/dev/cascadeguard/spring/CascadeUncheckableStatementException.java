package dev.cascadeguard.spring;

import dev.cascadeguard.driver.CascadeGuardException;

/**
 * {@code XG003}: the guard could not parse or count a destructive statement, and {@code guard.onEstimateError}
 * (default BLOCK) fails closed.
 */
public final class CascadeUncheckableStatementException extends CascadeGuardDataAccessException {

    CascadeUncheckableStatementException(String sql, CascadeGuardException cause) {
        super(sql, cause);
    }
}

package dev.cascadeguard.spring;

import dev.cascadeguard.driver.StatementBlockedException;

/** {@code XG002}: a BLOCK rule fired; no override or allowance lifts it. */
public final class CascadeStatementBlockedException extends CascadeGuardDataAccessException {

    CascadeStatementBlockedException(String sql, StatementBlockedException cause) {
        super(sql, cause);
    }
}

package dev.cascadeguard.spring;

import dev.cascadeguard.driver.ConfirmationRequiredException;

/**
 * {@code XG001}: the statement destroys more rows than a CONFIRM rule lets run without an override. Run it again
 * inside {@code CascadeGuard.allow(rowsToAllow(), reason)} (or after {@code GuardConnection.allowNext}) once the
 * user has confirmed.
 */
public final class CascadeConfirmationRequiredException extends CascadeGuardDataAccessException {

    CascadeConfirmationRequiredException(String sql, ConfirmationRequiredException cause) {
        super(sql, cause);
    }

    /** The rows an override or allowance must cover for the statement to run. */
    public long rowsToAllow() {
        return ((ConfirmationRequiredException) getSQLException()).rowsToAllow();
    }
}

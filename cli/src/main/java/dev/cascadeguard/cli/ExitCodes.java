package dev.cascadeguard.cli;

import dev.cascadeguard.rules.Decision;

/** The exit codes of the contract; scripts branch on them, so they never change. */
final class ExitCodes {

    /** The statement would run: ALLOW or LOG, or it deletes nothing. */
    static final int ALLOWED = 0;
    /** Wrong arguments, no connection, or SQL that could not be explained. */
    static final int USAGE_OR_ERROR = 2;
    /** The statement would be stopped: CONFIRM (needs an override) or BLOCK. */
    static final int STOPPED = 3;

    private ExitCodes() {
    }

    static int of(Decision decision) {
        return decision.stops() ? STOPPED : ALLOWED;
    }
}

package dev.cascadeguard.rules;

/** {@code guard.mode}: how decisions are acted on. */
public enum GuardMode {
    /** Decisions are carried out: CONFIRM and BLOCK fail the statement. */
    ENFORCE,
    /** Decisions are logged; what would have been stopped runs anyway. */
    WARN,
    /** The guard passes everything through unchecked. */
    OFF
}

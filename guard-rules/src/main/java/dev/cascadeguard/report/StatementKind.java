package dev.cascadeguard.report;

/** The kinds of destructive statement the guard checks. */
public enum StatementKind {
    DELETE,
    REPLACE,
    TRUNCATE,
    DROP,
    /** An UPDATE that changes a referenced key: ON UPDATE CASCADE / SET NULL / SET DEFAULT / RESTRICT fire. */
    UPDATE
}

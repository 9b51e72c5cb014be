package dev.cascadeguard.report;

/** The kinds of destructive statement the guard checks. */
public enum StatementKind {
    DELETE,
    REPLACE,
    TRUNCATE,
    DROP
}

package dev.cascadeguard.report;

/** What a destructive statement does to the rows of one table. */
public enum EffectAction {
    /** Rows removed: the target's own rows, or rows removed by ON DELETE CASCADE / TRUNCATE / DROP. */
    DELETE,
    /** Rows kept, their referencing columns set to NULL (ON DELETE SET NULL). */
    SET_NULL,
    /** Rows kept, their referencing columns set to the column default (ON DELETE SET DEFAULT). */
    SET_DEFAULT,
    /** Referencing rows (RESTRICT or NO ACTION) that make the statement fail. */
    RESTRICT,
    /**
     * Rows kept, the value they held in a dropped column lost ({@code ALTER TABLE ... DROP COLUMN}, or PostgreSQL's
     * {@code DROP TYPE / DOMAIN / EXTENSION ... CASCADE} dropping the columns that use it): rows with a value there.
     */
    DROP_COLUMN,
    /**
     * Rows kept unchanged but left pointing at a row the statement deletes, because the connection enforces no
     * foreign keys (SQLite's {@code PRAGMA foreign_keys} off, MariaDB's {@code foreign_key_checks = 0}): nothing
     * cascades, nothing is refused.
     */
    ORPHAN,
    /** The target rows of an UPDATE whose referenced key changes (depth 0). */
    UPDATE,
    /** Rows kept, their referencing columns rewritten to the new key (ON UPDATE CASCADE). */
    UPDATE_CASCADE;

    /**
     * True for the actions that destroy or rewrite data, the rows totals and thresholds count: RESTRICT rows are only
     * in the way, ORPHAN rows are left as they are, and an UPDATE's own rows keep their data under a new key (a
     * migration re-coding keys nothing references destroys nothing): what the key change does to the rows that
     * reference them is what counts.
     */
    public boolean changesRows() {
        return this != RESTRICT && this != ORPHAN && this != UPDATE;
    }
}

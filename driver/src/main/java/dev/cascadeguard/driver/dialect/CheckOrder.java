package dev.cascadeguard.driver.dialect;

/**
 * When a database checks a RESTRICT / NO ACTION reference, relative to the rows the same DELETE removes through its
 * cascades: that decides whether a referencing row the statement also deletes makes it fail. Measured on each server
 * (docs/database-semantics.md §1) and pinned by RestrictOrderOracleTest.
 */
public enum CheckOrder {
    /** Nothing is known: a reference to a deleted row fails even when the statement deletes the referencing row too. */
    UNKNOWN,
    /**
     * PostgreSQL: the statement's own rows go first, then one FIFO queue of RI trigger events, breadth-first (every
     * event of a row deleted k levels down runs before any of a row deleted k+1 levels down); the events of one row
     * run in trigger-name order; a check sees what the events before it removed; a row is gone before its own events.
     */
    QUEUED_BREADTH_FIRST,
    /**
     * InnoDB: row by row, depth-first: a parent row's keys run in strcmp order of their ids, a cascade finishes the
     * child's own cascades before the next key; a row stops counting as a reference only when its own cascade has
     * finished (its index entries are marked last), so a row that references itself blocks its own deletion.
     */
    DEPTH_FIRST_GONE_WHEN_DONE,
    /**
     * SQLite RESTRICT: row by row, depth-first, a parent row's keys newest first; a row is gone before its own
     * actions run. (NO ACTION is counted at the end of the statement: see noActionSeesCascadeDeletes.)
     */
    DEPTH_FIRST_GONE_FIRST,
    /**
     * H2: depth-first, keys in creation order (which its catalog does not expose reliably: ids are reused after a
     * DROP), every check runs before the statement removes its own rows, except that a row never blocks itself.
     */
    DEPTH_FIRST_KEY_ORDER_UNKNOWN
}

package dev.cascadeguard.driver.dialect;

/**
 * Where databases differ when a statement changes a referenced key (UPDATE) or replaces a row (REPLACE), beyond
 * the delete semantics of {@link CascadeSemantics}. Each value was measured on the server (docs/database-semantics.md
 * §15, §16) and is pinned by the oracle tests.
 *
 * @param noActionChecksAtStatementEnd true when NO ACTION is checked once the statement is done (PostgreSQL,
 *                                     SQLite): a referencing row whose old key another row of the same statement
 *                                     takes over still has a parent then, and the statement runs
 * @param setListLeftToRight           true when a single-table UPDATE assigns its SET list left to right, each value
 *                                     seeing the ones before it (MariaDB/MySQL: {@code SET a = 'x', code = a})
 * @param selfReferenceCascadeRestricts true when an ON UPDATE CASCADE / SET NULL back into the table being updated
 *                                     is refused like RESTRICT when it has rows to act on (InnoDB: error 1451)
 * @param replaceNullTakesDefault      true when REPLACE writes a NOT NULL column's default for a NULL (SQLite)
 */
public record KeyChangeSemantics(boolean noActionChecksAtStatementEnd, boolean setListLeftToRight,
                                 boolean selfReferenceCascadeRestricts, boolean replaceNullTakesDefault) {

    /** The SQL standard's behaviour, for H2 and any database without a dialect of its own. */
    public static final KeyChangeSemantics STANDARD = new KeyChangeSemantics(false, false, false, false);
}

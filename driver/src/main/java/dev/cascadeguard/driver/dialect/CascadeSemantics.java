package dev.cascadeguard.driver.dialect;

/**
 * Where databases that look alike process a delete differently. Each value was checked against the real server
 * (docs/database-semantics.md) and is pinned by the oracle tests, which compare predictions with what each
 * database really does.
 *
 * <p>Whether a RESTRICT / NO ACTION reference from a row the same statement also deletes fails depends on the order
 * the engine processes keys and rows ({@code checkOrder}); where that order cannot be seen from the schema, the guard
 * predicts the failure.
 *
 * @param noActionSeesCascadeDeletes true when a NO ACTION reference does not fail if the same statement's cascade
 *                                   also deletes the referencing row: only SQLite, which checks NO ACTION at the
 *                                   end of the statement
 * @param targetRowsGoFirst          true when every row the statement itself deletes is gone before any
 *                                   RESTRICT / NO ACTION check runs (PostgreSQL queues its RI checks after the
 *                                   statement's own rows): references from those rows never fail
 * @param setDefaultChecksParent     true when the value SET DEFAULT writes must reference a surviving parent row
 *                                   (PostgreSQL, SQLite); H2 never re-checks and leaves orphans
 * @param setDefaultNeedsDefault     true when SET DEFAULT on a column without a DEFAULT clause fails (H2, SQLSTATE
 *                                   23507) instead of writing NULL
 * @param maxCascadeDepth            the deepest level a cascade may delete at before the statement fails
 *                                   (InnoDB: 14), or 0 for no limit
 * @param changeOfCascadedRowFails   true when a row that the cascade deletes and that another key of the same
 *                                   statement sets to NULL or to its default fails the statement: the SQL
 *                                   standard's "triggered data change violation" (SQLSTATE 27000), which HSQLDB
 *                                   raises; the four databases with a dialect of their own let the delete win
 * @param checkOrder                 when RESTRICT / NO ACTION checks run relative to the statement's cascades
 */
public record CascadeSemantics(boolean noActionSeesCascadeDeletes, boolean targetRowsGoFirst,
                               boolean setDefaultChecksParent, boolean setDefaultNeedsDefault, int maxCascadeDepth,
                               boolean changeOfCascadedRowFails, CheckOrder checkOrder) {

    /**
     * The conservative defaults for a database nobody has checked: every reference to a deleted row fails, a SET
     * DEFAULT value must reference a surviving row, and a row both deleted and changed by one statement's keys
     * fails it (as the SQL standard says).
     */
    public static final CascadeSemantics CONSERVATIVE = new CascadeSemantics(false, false, true, false, 0, true,
            CheckOrder.UNKNOWN);

    /** A database with a dialect of its own, whose check order is known: a cascade delete wins over SET NULL. */
    public CascadeSemantics(boolean noActionSeesCascadeDeletes, boolean targetRowsGoFirst,
                            boolean setDefaultChecksParent, boolean setDefaultNeedsDefault, int maxCascadeDepth,
                            CheckOrder checkOrder) {
        this(noActionSeesCascadeDeletes, targetRowsGoFirst, setDefaultChecksParent, setDefaultNeedsDefault,
                maxCascadeDepth, false, checkOrder);
    }

    /** Semantics whose check order is unknown: every reference to a deleted row fails (but see the flags). */
    public CascadeSemantics(boolean noActionSeesCascadeDeletes, boolean targetRowsGoFirst,
                            boolean setDefaultChecksParent, boolean setDefaultNeedsDefault, int maxCascadeDepth) {
        this(noActionSeesCascadeDeletes, targetRowsGoFirst, setDefaultChecksParent, setDefaultNeedsDefault,
                maxCascadeDepth, false, CheckOrder.UNKNOWN);
    }
}

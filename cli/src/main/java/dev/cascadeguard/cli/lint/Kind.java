package dev.cascadeguard.cli.lint;

import java.util.Locale;

/**
 * The kinds of finding {@code lint} reports, each with its usual severity and the one-line fix it suggests. The
 * severity of one finding may differ from the usual one where the database makes it worse or harmless.
 */
public enum Kind {
    CASCADE_TREE(Severity.INFO,
            "review the chain; RESTRICT (or a soft delete) where the rows below must not vanish with their parent"),
    PROTECTED_TABLE_REACHED(Severity.ERROR,
            "make the key into the protected table ON DELETE RESTRICT, or soft-delete the parent rows"),
    CASCADE_TOO_DEEP(Severity.WARN,
            "break the chain with RESTRICT at the level where the data matters, and delete bottom-up"),
    TRUNCATE_CASCADE_REACH(Severity.INFO,
            "TRUNCATE … CASCADE empties every referencing table whatever its ON DELETE; use DELETE or name the tables"),
    SET_DEFAULT_NO_PARENT(Severity.ERROR,
            "insert the parent row the default points at, or change the default, or use SET NULL / RESTRICT"),
    SET_DEFAULT_NO_DEFAULT(Severity.WARN,
            "give the column a DEFAULT that names a real parent row, or use SET NULL / RESTRICT"),
    SET_NULL_NOT_NULL(Severity.ERROR,
            "make the column nullable, or use RESTRICT / CASCADE: SET NULL on a NOT NULL column fails every delete"),
    SET_NULL_REFERENCED_COLUMN(Severity.WARN,
            "another key references this column: setting it NULL cuts those rows loose; use RESTRICT"),
    INNODB_DEPTH_LIMIT(Severity.ERROR,
            "InnoDB stops cascades 15 levels deep (error 1451): flatten the chain or delete bottom-up"),
    UNINDEXED_FOREIGN_KEY(Severity.WARN,
            "CREATE INDEX on the referencing columns: without one every delete of a parent row scans the child"),
    CASCADE_INTO_TRIGGER(Severity.WARN,
            "the cascade fires the table's DELETE triggers or rules row by row: check what they do, or RESTRICT"),
    CASCADE_CYCLE(Severity.WARN,
            "a cycle of cascades deletes whatever the data links: make one key of the cycle RESTRICT or SET NULL");

    private final Severity usual;
    private final String fix;

    Kind(Severity usual, String fix) {
        this.usual = usual;
        this.fix = fix;
    }

    public Severity usual() {
        return usual;
    }

    public String fix() {
        return fix;
    }

    /** The name in output: {@code protected-table-reached}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package dev.cascadeguard.report;

/**
 * Whether the connection enforced foreign keys when a statement was checked, and if not, whose switch turned them
 * off: the rules treat SQLite's switch apart ({@code guard.sqliteForeignKeysOff}) because it is off unless the
 * application turns it on, so leaving rows pointing at nothing there is usually an oversight, not a choice.
 */
public enum ForeignKeyChecks {
    /** Foreign keys are enforced: deletes cascade, set columns, or are refused as declared. */
    ON,
    /** SQLite with {@code PRAGMA foreign_keys} off (SQLite's default): nothing cascades, nothing is refused. */
    SQLITE_OFF,
    /**
     * Another database's switch is off (MariaDB's {@code foreign_key_checks = 0}, H2's
     * {@code REFERENTIAL_INTEGRITY FALSE}): a deliberate choice, usually for a bulk load; the row thresholds decide.
     */
    OFF
}

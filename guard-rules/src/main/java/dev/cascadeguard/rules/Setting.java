package dev.cascadeguard.rules;

import java.util.List;

/** The fixed {@code guard.*} keys, in the order they are listed to people. Per-table keys are handled apart. */
enum Setting {
    MODE("guard.mode", "enforce", List.of("enforce", "warn", "off"),
            "enforce: stop statements by rule; warn: log what would be stopped and run it; off: no checks"),
    LOG_ABOVE("guard.logAbove", "100", List.of(),
            "rows; a statement changing more is run and written to the audit log"),
    CONFIRM_ABOVE("guard.confirmAbove", "1000", List.of(),
            "rows; a statement changing more fails (SQLState XG001) unless a session override covers it"),
    BLOCK_ABOVE("guard.blockAbove", "none", List.of(),
            "rows, or none; a statement changing more fails (SQLState XG002), override or not"),
    DELETE_WITHOUT_WHERE("guard.deleteWithoutWhere", "CONFIRM", Actions.NAMES,
            "what to do with a DELETE that has no WHERE clause and deletes at least one row"),
    TRUNCATE("guard.truncate", "ALLOW", Actions.NAMES,
            "what to do with a TRUNCATE that empties at least one row, beyond the row thresholds (ALLOW: the "
                    + "thresholds alone decide)"),
    DROP("guard.drop", "ALLOW", Actions.NAMES,
            "what to do with a DROP that destroys at least one row, beyond the row thresholds (ALLOW: the "
                    + "thresholds alone decide)"),
    SQLITE_FOREIGN_KEYS_OFF("guard.sqliteForeignKeysOff", "LOG", Actions.NAMES,
            "what to do with a statement on a SQLite connection with PRAGMA foreign_keys off (SQLite's default) "
                    + "that would leave at least one row pointing at a deleted row, beyond the row thresholds"),
    ON_ESTIMATE_ERROR("guard.onEstimateError", "BLOCK", List.of("BLOCK", "ALLOW"),
            "a destructive statement that cannot be parsed or estimated: BLOCK fails it (SQLState XG003), "
                    + "ALLOW runs it and logs it as unchecked"),
    ALLOW_SQL_OVERRIDE("guard.allowSqlOverride", "true", List.of("true", "false"),
            "whether SET guard.allow_rows = N may let the next statement past a CONFIRM"),
    METADATA_TTL_SECONDS("guard.metadataTtlSeconds", "300", List.of(),
            "seconds to keep foreign-key metadata before reading it again; 0 = read it every time"),
    ESTIMATE_TIMEOUT_MS("guard.estimateTimeoutMs", "2000", List.of(),
            "time limit for counting the rows of one statement, in milliseconds; 0 = no limit"),
    AUDIT_PARAMETERS("guard.auditParameters", "false", List.of("true", "false"),
            "whether audit events include the values bound to ? parameters"),
    LISTENERS("guard.listeners", "", List.of(),
            "comma-separated class names of dev.cascadeguard.driver.GuardListener implementations (public, with a "
                    + "public no-argument constructor) told of every decision and execution; the audit log is always one"),
    RULES("guard.rules", "", List.of(),
            "path of a properties file with guard.* settings (else cascade-guard.properties on the class path)");

    static final String TABLE_PREFIX = "guard.table.";
    static final String CONFIRM_SUFFIX = "confirmAbove";
    static final String BLOCK_SUFFIX = "blockAbove";
    static final String TABLE_CONFIRM_KEY = TABLE_PREFIX + "<name>." + CONFIRM_SUFFIX;
    static final String TABLE_BLOCK_KEY = TABLE_PREFIX + "<name>." + BLOCK_SUFFIX;
    static final String TABLE_CONFIRM_DESCRIPTION =
            "rows changed in table <name> (or <schema>.<name>); more fails unless a session override covers it; 0 = any row";
    static final String TABLE_BLOCK_DESCRIPTION =
            "rows changed in table <name> (or <schema>.<name>); more fails, override or not; 0 = any row";

    final String key;
    final String defaultValue;
    final List<String> choices;
    final String description;

    Setting(String key, String defaultValue, List<String> choices, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.choices = choices;
        this.description = description;
    }

    // Enum constants are built before the enum's own static fields, so shared values live in a nested class.
    private static final class Actions {
        private static final List<String> NAMES = List.of("ALLOW", "LOG", "CONFIRM", "BLOCK");
    }

    static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** Every key, the per-table ones as patterns, for "unknown setting" messages. */
    static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : values()) {
            sb.append(s.key).append(", ");
        }
        return sb.append(TABLE_CONFIRM_KEY).append(", ").append(TABLE_BLOCK_KEY).toString();
    }
}

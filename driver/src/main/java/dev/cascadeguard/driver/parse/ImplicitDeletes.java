package dev.cascadeguard.driver.parse;

import dev.cascadeguard.report.StatementKind;

/**
 * Statements that destroy rows without saying DELETE: MySQL {@code REPLACE} and SQLite {@code INSERT OR REPLACE}
 * delete the rows they replace (and the database cascades that delete): {@link ReplaceStatements} reads them.
 * SQLite's {@code UPDATE OR REPLACE} deletes the rows its new values collide with, and MySQL's
 * {@code ALTER TABLE ... TRUNCATE PARTITION} / {@code DROP PARTITION} empty part of a table. None of those is
 * estimated yet, so each fails closed through {@code guard.onEstimateError} instead of running unchecked.
 */
final class ImplicitDeletes {

    private ImplicitDeletes() {
    }

    /** The statement as Replace or Unparseable when it deletes implicitly, else null. */
    static ParsedStatement.Destructive of(StatementText statement) {
        String first = statement.firstKeyword();
        if (ReplaceStatements.isReplace(statement)) {
            return ReplaceStatements.of(statement);
        }
        if ("REPLACE".equals(first)) {
            return new ParsedStatement.Unparseable(statement.text(), "REPLACE deletes the rows it replaces, and "
                    + "their cascades, which the guard does not estimate in this form", StatementKind.REPLACE);
        }
        if ("WITH".equals(first) && statement.text().toUpperCase(java.util.Locale.ROOT)
                .matches("(?s).*\\)\\s*(REPLACE|INSERT\\s+OR\\s+REPLACE)\\b.*")) {
            // SQLite: WITH … REPLACE INTO / INSERT OR REPLACE deletes the rows it replaces like a plain REPLACE
            return new ParsedStatement.Unparseable(statement.text(), "a REPLACE after WITH deletes the rows it "
                    + "replaces, and their cascades, which the guard does not estimate in this form",
                    StatementKind.REPLACE);
        }
        if ("UPDATE".equals(first) && statement.text().toUpperCase(java.util.Locale.ROOT)
                .matches("(?s)\\s*UPDATE\\s+OR\\s+REPLACE\\b.*")) {
            return new ParsedStatement.Unparseable(statement.text(), "UPDATE OR REPLACE deletes the rows its new "
                    + "values collide with, and their cascades, which the guard does not estimate yet",
                    StatementKind.DELETE);
        }
        if ("ALTER".equals(first) && statement.hasWord("PARTITION")) {
            if (statement.hasWord("TRUNCATE")) {
                return new ParsedStatement.Unparseable(statement.text(), "TRUNCATE PARTITION empties part of a "
                        + "table, which the guard does not estimate yet", StatementKind.TRUNCATE);
            }
            if (statement.hasWord("DROP")) {
                return new ParsedStatement.Unparseable(statement.text(), "DROP PARTITION deletes part of a "
                        + "table, which the guard does not estimate yet", StatementKind.DROP);
            }
        }
        return null;
    }
}

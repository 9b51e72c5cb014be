package dev.cascadeguard.driver.parse;

import dev.cascadeguard.report.StatementKind;

/**
 * Statements that destroy rows without saying DELETE: MySQL {@code REPLACE} and SQLite {@code INSERT OR REPLACE}
 * delete the rows they replace (and the database cascades that delete), and MySQL's
 * {@code ALTER TABLE ... TRUNCATE PARTITION} / {@code DROP PARTITION} empty part of a table. None is estimated
 * yet, so each fails closed through {@code guard.onEstimateError} instead of running unchecked.
 */
final class ImplicitDeletes {

    private ImplicitDeletes() {
    }

    /** The statement as Unparseable when it deletes implicitly, else null. */
    static ParsedStatement.Unparseable of(StatementText statement) {
        String first = statement.firstKeyword();
        if ("REPLACE".equals(first) || "INSERT".equals(first) && statement.hasWord("REPLACE")
                && statement.text().toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\bINSERT\\s+OR\\s+REPLACE\\b.*")) {
            return new ParsedStatement.Unparseable(statement.text(), "REPLACE deletes the rows it replaces, and "
                    + "their cascades, which the guard does not estimate yet", StatementKind.DELETE);
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

package dev.cascadeguard.driver.parse;

import dev.cascadeguard.report.StatementKind;

import java.util.Set;

/**
 * Decides what a statement JSqlParser could not parse (or that the parser refused to try) is, from its words
 * alone. Fails closed: whatever may destroy rows becomes {@link ParsedStatement.Unparseable}, for the policy to
 * decide on.
 */
final class FallbackClassifier {

    private static final Set<String> DESTRUCTIVE_FIRST = Set.of("DELETE", "TRUNCATE", "DROP", "REPLACE");

    private FallbackClassifier() {
    }

    static ParsedStatement classify(StatementText statement, String problem) {
        String first = statement.firstKeyword();
        String sql = statement.text();
        if (statement.isDdl()) {
            return new ParsedStatement.Other(sql, true);
        }
        if (DESTRUCTIVE_FIRST.contains(first)) {
            return new ParsedStatement.Unparseable(sql, problem);
        }
        if ("EXPLAIN".equals(first) || "DESCRIBE".equals(first) || "DESC".equals(first)) {
            // only EXPLAIN ANALYZE executes the statement it explains
            return statement.hasWord("ANALYZE") && statement.hasDestructiveWord()
                    ? new ParsedStatement.Unparseable(sql, problem) : new ParsedStatement.Other(sql, false);
        }
        if (statement.hasWord("DELETE") || statement.hasWord("TRUNCATE") || statement.hasWord("DROP")) {
            // WITH ... (DELETE ...), DO $$ ... $$ bodies are strings (not seen), CALL/EXECUTE/MERGE with DELETE
            return new ParsedStatement.Unparseable(sql, problem);
        }
        if ("MERGE".equals(first) || statement.hasWord("UPDATE")) {
            // UPDATE ONLY, WHERE CURRENT OF, H2's MERGE ... KEY: it may rewrite a referenced key; the session keeps
            // it (to fail closed) only where its text may set a referenced column
            return new ParsedStatement.Unparseable(sql, problem, StatementKind.UPDATE);
        }
        return new ParsedStatement.Other(sql, false);
    }
}

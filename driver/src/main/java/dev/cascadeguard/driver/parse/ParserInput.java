package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Token;

import java.util.List;
import java.util.Set;

/**
 * The text handed to JSqlParser for one statement: the user's text with comments blanked, every JDBC {@code ?}
 * numbered after its position in the whole original string ({@code ?N}, see {@link SqlFragments}), and the
 * PostgreSQL words JSqlParser 5.4 rejects removed: {@code ONLY} before a table name, and in a TRUNCATE
 * {@code RESTART IDENTITY}, {@code CONTINUE IDENTITY} and {@code RESTRICT}.
 */
final class ParserInput {

    private static final Set<String> BEFORE_ONLY = Set.of("FROM", "TRUNCATE", "TABLE", "USING", "JOIN", ",");

    private ParserInput() {
    }

    static String of(StatementText statement) {
        String sql = statement.fullSql();
        List<Token> tokens = statement.tokens();
        boolean truncate = "TRUNCATE".equals(statement.firstKeyword());
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int parameter = statement.parametersBefore();
        int copied = tokens.get(0).start();
        Token previousCode = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            out.append(sql, copied, token.start());
            copied = token.end();
            if (!token.isCode()) {
                out.append(' ');
                continue;
            }
            if (token.kind() == Kind.PARAMETER) {
                out.append('?').append(++parameter);
            } else if (isOnlyBeforeTable(sql, previousCode, token, nextCode(tokens, i))
                    || truncate && token.isWord(sql, "RESTRICT")) {
                out.append(' ');
            } else if (truncate && isIdentityOption(sql, token, nextCode(tokens, i))) {
                Token identity = nextCode(tokens, i);
                out.append(' ');
                i = tokens.indexOf(identity);
                out.append(sql, copied, identity.start()).append(' ');
                copied = identity.end();
            } else {
                out.append(sql, token.start(), token.end());
            }
            previousCode = token;
        }
        return out.toString();
    }

    private static boolean isOnlyBeforeTable(String sql, Token previous, Token token, Token next) {
        return token.isWord(sql, "ONLY") && previous != null && next != null
                && BEFORE_ONLY.contains(previous.text(sql).toUpperCase(java.util.Locale.ROOT))
                && (next.kind() == Kind.WORD || next.kind() == Kind.QUOTED_IDENTIFIER);
    }

    private static boolean isIdentityOption(String sql, Token token, Token next) {
        return (token.isWord(sql, "RESTART") || token.isWord(sql, "CONTINUE")) && next != null
                && next.isWord(sql, "IDENTITY");
    }

    private static Token nextCode(List<Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (tokens.get(j).isCode()) {
                return tokens.get(j);
            }
        }
        return null;
    }
}

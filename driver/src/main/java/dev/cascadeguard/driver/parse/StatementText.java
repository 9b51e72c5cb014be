package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Token;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One statement of a (possibly multi-statement) SQL string, as tokens of the original string.
 *
 * @param fullSql          the whole string the application executed
 * @param tokens           this statement's tokens, comments included, without the separating {@code ;}
 * @param parametersBefore how many JDBC {@code ?} the whole string holds before this statement
 */
record StatementText(String fullSql, List<Token> tokens, int parametersBefore) {

    private static final Set<String> DESTRUCTIVE_WORDS = Set.of("DELETE", "TRUNCATE", "DROP", "REPLACE");
    private static final Set<String> DDL_WORDS = Set.of("CREATE", "ALTER", "RENAME", "COMMENT");

    StatementText {
        tokens = List.copyOf(tokens);
    }

    /** The statement's own text, leading comments included. */
    String text() {
        return fullSql.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
    }

    List<Token> codeTokens() {
        return tokens.stream().filter(Token::isCode).toList();
    }

    /** The first word of the statement, upper case, after comments and opening parentheses; "" when none. */
    String firstKeyword() {
        for (Token token : tokens) {
            if (token.kind() == Kind.WORD) {
                return token.text(fullSql).toUpperCase(Locale.ROOT);
            }
            if (token.isCode() && token.kind() != Kind.OPEN_PAREN) {
                return "";
            }
        }
        return "";
    }

    boolean isDdl() {
        return DDL_WORDS.contains(firstKeyword());
    }

    boolean hasWord(String upperWord) {
        return countWord(upperWord) > 0;
    }

    int countWord(String upperWord) {
        int count = 0;
        for (Token token : tokens) {
            if (token.isWord(fullSql, upperWord)) {
                count++;
            }
        }
        return count;
    }

    boolean hasDestructiveWord() {
        for (Token token : tokens) {
            if (token.kind() == Kind.WORD
                    && DESTRUCTIVE_WORDS.contains(token.text(fullSql).toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when DELETE, TRUNCATE or DROP appears anywhere in the text, inside strings and comments too: the
     * body of {@code DO $$ ... $$} or {@code EXECUTE 'DELETE ...'} is a string to the lexer but code to the
     * database.
     */
    boolean mentionsDestructiveWordAnywhere() {
        return CodeWords.firstDestructiveWord(text()) != null;
    }

    /**
     * True when a MySQL / MariaDB executable comment ({@code /*! ... *&#47;}, {@code /*M! ... *&#47;}) sits in a
     * statement that may destroy rows, or itself holds such words: the server runs its content, which the parser
     * reads as a comment, so {@code DELETE ... WHERE id = 1 /*! OR 1 = 1 *&#47;} would be counted as one row.
     */
    boolean hidesDestructiveSql() {
        boolean executableComment = false;
        for (Token token : tokens) {
            executableComment |= token.kind() == Kind.EXECUTABLE_COMMENT;
        }
        return executableComment && Precheck.classify(text()) == Precheck.Result.CHECK;
    }

    boolean hasKind(Kind kind) {
        return tokens.stream().anyMatch(t -> t.kind() == kind);
    }
}

package dev.cascadeguard.driver.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A small SQL tokenizer, just precise enough to split a string into statements, find the JDBC {@code ?}
 * placeholders and see the keywords, without ever mistaking quoted text or comments for code.
 *
 * <p>Two quoting conventions exist and a string may read differently under each:
 * <ul>
 *   <li>standard (PostgreSQL, H2, SQLite): {@code ''} escapes a quote, {@code E'..'} strings also take backslash
 *       escapes, {@code $tag$..$tag$} dollar quotes, nested block comments, {@code --} comments;</li>
 *   <li>MySQL: backslash escapes in {@code '..'} and {@code ".."}, {@code #} and {@code -- } comments, no dollar
 *       quotes, block comments do not nest.</li>
 * </ul>
 * The parser lexes both ways when the difference can matter and refuses strings whose statements or
 * placeholders differ between the two readings.
 */
final class SqlLexer {

    enum Kind {
        /** identifier, keyword or number: a run of letters, digits, {@code _} and {@code $} */
        WORD,
        QUOTED_IDENTIFIER,
        STRING,
        /** a JDBC {@code ?} placeholder */
        PARAMETER,
        /** a numbered placeholder {@code ?12} */
        NUMBERED_PARAMETER,
        SEMICOLON,
        OPEN_PAREN,
        CLOSE_PAREN,
        COMMENT,
        /** a MySQL executable comment {@code /*! .. *&#47;}: MySQL runs its content */
        EXECUTABLE_COMMENT,
        /** any other single character */
        SYMBOL
    }

    record Token(Kind kind, int start, int end) {
        String text(String sql) {
            return sql.substring(start, end);
        }

        boolean isWord(String sql, String upperWord) {
            return kind == Kind.WORD && end - start == upperWord.length()
                    && sql.regionMatches(true, start, upperWord, 0, upperWord.length());
        }

        boolean isCode() {
            return kind != Kind.COMMENT && kind != Kind.EXECUTABLE_COMMENT;
        }
    }

    /**
     * @param tokens        every token, comments included, in order
     * @param unterminated  true when the string ends inside a quote or a comment
     * @param maxParenDepth the deepest parenthesis nesting outside quotes and comments
     */
    record Lexed(List<Token> tokens, boolean unterminated, int maxParenDepth) {
    }

    private final String sql;
    private final boolean mysql;
    private final List<Token> tokens = new ArrayList<>();
    private boolean unterminated;
    private int depth;
    private int maxDepth;

    private SqlLexer(String sql, boolean mysql) {
        this.sql = sql;
        this.mysql = mysql;
    }

    static Lexed standard(String sql) {
        return new SqlLexer(sql, false).run();
    }

    static Lexed mysql(String sql) {
        return new SqlLexer(sql, true).run();
    }

    private Lexed run() {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '-' && next == '-' && (!mysql || i + 2 >= n || sql.charAt(i + 2) <= ' ')) {
                i = add(Kind.COMMENT, i, lineEnd(i));
            } else if (c == '#' && mysql) {
                i = add(Kind.COMMENT, i, lineEnd(i));
            } else if (c == '/' && next == '*') {
                // MySQL runs /*! ... */, MariaDB also /*M! ... */
                boolean executable = i + 2 < n && sql.charAt(i + 2) == '!'
                        || i + 3 < n && sql.charAt(i + 2) == 'M' && sql.charAt(i + 3) == '!';
                Kind kind = executable ? Kind.EXECUTABLE_COMMENT : Kind.COMMENT;
                i = add(kind, i, blockCommentEnd(i));
            } else if (c == '\'') {
                i = add(Kind.STRING, i, quoteEnd(i, '\'', mysql));
            } else if (c == '"') {
                i = add(mysql ? Kind.STRING : Kind.QUOTED_IDENTIFIER, i, quoteEnd(i, '"', mysql));
            } else if (c == '`') {
                i = add(Kind.QUOTED_IDENTIFIER, i, quoteEnd(i, '`', false));
            } else if (c == '$' && !mysql && Precheck.dollarTagEnd(sql, i) > 0) {
                i = add(Kind.STRING, i, dollarQuoteEnd(i, Precheck.dollarTagEnd(sql, i)));
            } else if (c == '?') {
                int j = i + 1;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                i = add(j > i + 1 ? Kind.NUMBERED_PARAMETER : Kind.PARAMETER, i, j);
            } else if (Identifiers.isWordChar(c)) {
                int j = i + 1;
                while (j < n && Identifiers.isWordChar(sql.charAt(j))) {
                    j++;
                }
                if (j - i == 1 && (c == 'E' || c == 'e') && !mysql && j < n && sql.charAt(j) == '\'') {
                    i = add(Kind.STRING, i, quoteEnd(j, '\'', true)); // E'..' takes backslash escapes
                } else {
                    i = add(Kind.WORD, i, j);
                }
            } else if (c == '(') {
                maxDepth = Math.max(maxDepth, ++depth);
                i = add(Kind.OPEN_PAREN, i, i + 1);
            } else if (c == ')') {
                depth--;
                i = add(Kind.CLOSE_PAREN, i, i + 1);
            } else if (c == ';') {
                i = add(Kind.SEMICOLON, i, i + 1);
            } else {
                i = add(Kind.SYMBOL, i, i + 1);
            }
        }
        return new Lexed(List.copyOf(tokens), unterminated, maxDepth);
    }

    private int add(Kind kind, int start, int end) {
        tokens.add(new Token(kind, start, end));
        return end;
    }

    private int lineEnd(int i) {
        int j = i;
        while (j < sql.length() && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    private int blockCommentEnd(int i) {
        int nesting = 0;
        int j = i;
        while (j + 1 < sql.length()) {
            if (sql.charAt(j) == '/' && sql.charAt(j + 1) == '*' && (nesting == 0 || !mysql)) {
                nesting++;
                j += 2;
            } else if (sql.charAt(j) == '*' && sql.charAt(j + 1) == '/') {
                j += 2;
                if (--nesting == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        unterminated = true;
        return sql.length();
    }

    /** The end of a quoted run opened at {@code i}; a doubled quote is an escaped quote. */
    private int quoteEnd(int i, char quote, boolean backslashEscapes) {
        int j = i + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (c == '\\' && backslashEscapes) {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        unterminated = true;
        return sql.length();
    }

    private int dollarQuoteEnd(int i, int tagEnd) {
        int tagLength = tagEnd - i;
        int close = sql.indexOf(sql.substring(i, tagEnd), tagEnd);
        if (close < 0) {
            unterminated = true;
            return sql.length();
        }
        return close + tagLength;
    }

}

package dev.cascadeguard.driver.parse;

/**
 * The hot-path filter run on every statement before anything else: decides, without parsing, whether a SQL
 * string can pass through untouched.
 *
 * <p>The rule is deliberately blunt so that nothing can slip past it: the string is {@link Result#CHECK CHECK}
 * when one of the words {@code DELETE}, {@code TRUNCATE}, {@code DROP}, {@code REPLACE} (MySQL's REPLACE
 * deletes rows implicitly) or {@code GUARD} (session commands {@code SET guard.x} / {@code RESET guard.x})
 * appears <em>anywhere</em>, in any letter case: in code, comments, string literals and quoted identifiers
 * alike. A word is a maximal run of ASCII letters and underscores, so digits, {@code $}, punctuation,
 * whitespace of any kind and non-ASCII characters all end a word ({@code /*!50000DELETE*&#47;} and
 * {@code x$delete} are matches; {@code deleted_at} and {@code on_delete} are not). Because the scan ignores
 * quoting and comments it cannot be fooled by them; a false positive only costs a parse, while a false negative
 * would be a bypass.
 *
 * <p>Otherwise the string is {@link Result#DDL DDL} when some statement in it (after a {@code ;} outside quotes
 * and comments, skipping whitespace, comments and opening parentheses) starts with {@code CREATE},
 * {@code ALTER}, {@code RENAME} or {@code COMMENT}, and {@link Result#PLAIN PLAIN} in every other case. A
 * mistaken PLAIN here only risks a stale foreign-key graph, never an unchecked deletion.
 *
 * <p>One pass over the characters, no allocation, no regular expressions, no upper-casing of the string.
 */
public final class Precheck {

    /** What the guard must do with a SQL string. */
    public enum Result {
        /** Run it untouched (SELECT, INSERT, UPDATE, ...). */
        PLAIN,
        /** Run it untouched, but the schema may change afterwards (CREATE, ALTER, RENAME, COMMENT). */
        DDL,
        /** Parse it: it may destroy rows or talk to the guard. */
        CHECK
    }

    private static final char[][] CHECK_WORDS = {
            "DELETE".toCharArray(), "TRUNCATE".toCharArray(), "DROP".toCharArray(), "REPLACE".toCharArray(),
            "GUARD".toCharArray()};
    private static final char[][] DDL_WORDS = {
            "CREATE".toCharArray(), "ALTER".toCharArray(), "RENAME".toCharArray(), "COMMENT".toCharArray()};

    // lexical states, only needed to find where statements start
    private static final int CODE = 0;
    private static final int LINE_COMMENT = 1;
    private static final int BLOCK_COMMENT = 2;
    private static final int SINGLE_QUOTED = 3;
    private static final int DOUBLE_QUOTED = 4;
    private static final int BACKTICK_QUOTED = 5;
    private static final int DOLLAR_QUOTED = 6;

    private Precheck() {
    }

    public static Result classify(String sql) {
        int n = sql.length();
        boolean ddl = false;
        int state = CODE;
        int commentDepth = 0;
        int dollarTagStart = 0;
        int dollarTagLength = 0;
        boolean atStatementStart = true;
        int wordStart = -1;
        boolean wordStartsStatement = false;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? sql.charAt(i) : ' ';
            if (isWordChar(c)) {
                if (wordStart < 0) {
                    wordStart = i;
                    wordStartsStatement = state == CODE && atStatementStart;
                }
                if (state == CODE) {
                    atStatementStart = false;
                }
                continue;
            }
            if (wordStart >= 0) {
                if (matchesAny(sql, wordStart, i, CHECK_WORDS)) {
                    return Result.CHECK;
                }
                if (wordStartsStatement && matchesAny(sql, wordStart, i, DDL_WORDS)) {
                    ddl = true;
                }
                wordStart = -1;
            }
            if (i == n) {
                break;
            }
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            switch (state) {
                case CODE -> {
                    if (c == '-' && next == '-') {
                        state = LINE_COMMENT;
                        i++;
                    } else if (c == '#') {
                        state = LINE_COMMENT;
                    } else if (c == '/' && next == '*') {
                        state = BLOCK_COMMENT;
                        commentDepth = 1;
                        i++;
                    } else if (c == ';') {
                        atStatementStart = true;
                    } else if (c == '\'') {
                        state = SINGLE_QUOTED;
                    } else if (c == '"') {
                        state = DOUBLE_QUOTED;
                    } else if (c == '`') {
                        state = BACKTICK_QUOTED;
                    } else if (c == '$') {
                        int tagEnd = dollarTagEnd(sql, i);
                        if (tagEnd > 0) {
                            state = DOLLAR_QUOTED;
                            dollarTagStart = i;
                            dollarTagLength = tagEnd - i;
                            i = tagEnd - 1;
                        }
                        atStatementStart = false;
                    } else if (c != '(' && !isSpace(c)) {
                        atStatementStart = false;
                    }
                    if (state != CODE && state != LINE_COMMENT && state != BLOCK_COMMENT) {
                        atStatementStart = false;
                    }
                }
                case LINE_COMMENT -> {
                    if (c == '\n' || c == '\r') {
                        state = CODE;
                    }
                }
                case BLOCK_COMMENT -> {
                    if (c == '*' && next == '/') {
                        commentDepth--;
                        i++;
                        if (commentDepth == 0) {
                            state = CODE;
                        }
                    } else if (c == '/' && next == '*') {
                        commentDepth++;
                        i++;
                    }
                }
                case SINGLE_QUOTED -> state = closesQuote(sql, i, '\'') ? CODE : state;
                case DOUBLE_QUOTED -> state = closesQuote(sql, i, '"') ? CODE : state;
                case BACKTICK_QUOTED -> state = closesQuote(sql, i, '`') ? CODE : state;
                case DOLLAR_QUOTED -> {
                    if (c == '$' && sql.regionMatches(i, sql, dollarTagStart, dollarTagLength)) {
                        state = CODE;
                        i += dollarTagLength - 1;
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
        return ddl ? Result.DDL : Result.PLAIN;
    }

    /**
     * A doubled quote inside a quoted run is an escaped quote: the second one reopens the run, which the state
     * machine gets for free by closing here and reopening on the next character.
     */
    private static boolean closesQuote(String sql, int i, char quote) {
        return sql.charAt(i) == quote;
    }

    /** The index just past a PostgreSQL dollar-quote opener ($$ or $tag$) starting at {@code i}, or -1. */
    static int dollarTagEnd(String sql, int i) {
        if (i > 0 && isIdentifierChar(sql.charAt(i - 1))) {
            return -1; // part of an identifier such as a$b
        }
        int j = i + 1;
        int n = sql.length();
        if (j < n && Character.isDigit(sql.charAt(j))) {
            return -1; // $1 is a positional parameter
        }
        while (j < n && isIdentifierChar(sql.charAt(j)) && sql.charAt(j) != '$') {
            j++;
        }
        return j < n && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    private static boolean matchesAny(String sql, int start, int end, char[][] words) {
        for (char[] word : words) {
            if (matches(sql, start, end, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String sql, int start, int end, char[] upperWord) {
        if (end - start != upperWord.length) {
            return false;
        }
        for (int k = 0; k < upperWord.length; k++) {
            char c = sql.charAt(start + k);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (c != upperWord[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentifierChar(char c) {
        return isWordChar(c) || c >= '0' && c <= '9' || c == '$' || c > 127 && Character.isLetterOrDigit(c);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** First words of statements that run code or a file the guard cannot see into. */
    private static final char[][] HIDDEN_CODE_WORDS = {"CALL".toCharArray(), "EXEC".toCharArray(),
            "EXECUTE".toCharArray(), "DO".toCharArray(), "RUNSCRIPT".toCharArray()};

    /**
     * True when the statement starts (after white space, comments and opening parentheses) with CALL, EXEC, EXECUTE,
     * DO or RUNSCRIPT: it runs a procedure, a code block or a script file whose deletes the guard cannot count. Only
     * asked inside a cleanup budget, where such a statement must not run unseen.
     */
    public static boolean runsHiddenCode(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (isSpace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && isWordChar(sql.charAt(i))) {
            i++;
        }
        if (!matchesAny(sql, start, i, HIDDEN_CODE_WORDS)) {
            return false;
        }
        return !matches(sql, start, i, "CALL".toCharArray()) || !callsReadOnlyBuiltIn(sql, i);
    }

    /** Built-in functions tools read through H2's {@code CALL expression} (Flyway: {@code CALL SCHEMA()}). */
    private static final char[][] READ_ONLY_BUILT_INS = {"SCHEMA".toCharArray(), "DATABASE".toCharArray(),
            "USER".toCharArray(), "CURRENT_USER".toCharArray(), "CURRENT_SCHEMA".toCharArray(),
            "CURRENT_CATALOG".toCharArray(), "H2VERSION".toCharArray(), "DATABASE_PATH".toCharArray(),
            "SESSION_ID".toCharArray(), "LOCK_MODE".toCharArray(), "LOCK_TIMEOUT".toCharArray(),
            "IDENTITY".toCharArray(), "SCOPE_IDENTITY".toCharArray(), "READONLY".toCharArray(),
            "AUTOCOMMIT".toCharArray()};

    /** After CALL at {@code i}: one of the read-only built-ins with no argument ({@code SCHEMA()}), and nothing else. */
    private static boolean callsReadOnlyBuiltIn(String sql, int i) {
        int n = sql.length();
        while (i < n && isSpace(sql.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < n && isWordChar(sql.charAt(i))) {
            i++;
        }
        if (!matchesAny(sql, start, i, READ_ONLY_BUILT_INS)) {
            return false;
        }
        String rest = sql.substring(i).replaceAll("\\s+", "");
        return rest.isEmpty() || rest.equals("()") || rest.equals("();") || rest.equals(";");
    }
}

package dev.cascadeguard.cli;

import dev.cascadeguard.driver.parse.RoutineBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits an SQL script into the statements {@code run} sends one by one, the way the databases' own command-line
 * clients do:
 * <ul>
 *   <li>a delimiter ({@code ;} unless changed) inside {@code '…'} strings, {@code "…"} identifiers, {@code `…`}
 *       identifiers, {@code --} and {@code /* *}{@code /} comments and PostgreSQL dollar quotes
 *       ({@code $$…$$}, {@code $tag$…$tag$}) does not split;</li>
 *   <li>a line {@code DELIMITER //} (the first words of a statement, as in the {@code mysql} client) makes
 *       {@code //} the delimiter until {@code DELIMITER ;}; the DELIMITER lines themselves are not statements;</li>
 *   <li>the BEGIN … END body of a CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT (PostgreSQL's BEGIN ATOMIC,
 *       SQLite's triggers, MariaDB's compound statements without DELIMITER) is one statement, its blocks counted as
 *       the driver's SqlParser counts them: BEGIN and CASE open one, END and END CASE close it, END IF / LOOP / WHILE
 *       / REPEAT / FOR do not;</li>
 *   <li>a psql meta-command (a line starting with a backslash) and {@code COPY … FROM stdin} are refused: they are
 *       psql's, not SQL;</li>
 *   <li>the last statement needs no delimiter; statements that hold only blanks and comments are skipped;</li>
 *   <li>each statement carries the line it starts on (its first character that is not blank or comment).</li>
 * </ul>
 * With {@code mysql} true (MySQL and MariaDB) a backslash escapes the next character in strings, {@code #} starts a
 * comment, {@code /*!…*}{@code /}, {@code /*M!…*}{@code /} and {@code /*+…*}{@code /} are SQL rather than comments, and {@code $} is an
 * identifier character; otherwise block comments nest (PostgreSQL, H2), dollar quotes are recognised, and
 * {@code E'…'} strings take backslash escapes.
 */
final class ScriptSplitter {

    /** One statement of a script: the SQL to send (leading comments and surrounding blanks removed) and its line. */
    record Statement(String sql, int line) {
    }

    /** The script cannot be split: an unterminated string, identifier, comment or dollar quote, a bad DELIMITER. */
    static final class ScriptException extends Exception {
        final int line;
        /** The message says the line itself ("… at line N: …"): printed after the script's name alone. */
        final boolean located;

        ScriptException(int line, String message) {
            this(line, message, false);
        }

        ScriptException(int line, String message, boolean located) {
            super(located ? message : "line " + line + ": " + message);
            this.line = line;
            this.located = located;
        }
    }

    private static final Pattern COPY_FROM_STDIN =
            Pattern.compile("(?is)COPY\\b.*\\bFROM\\s+STDIN\\b.*");

    private final String text;
    private final boolean mysql;
    private final List<Statement> statements = new ArrayList<>();

    private String delimiter = ";";
    private int pos;
    private int line = 1;
    /** Start of the current statement's SQL (its first non-comment character), or -1 while there is none yet. */
    private int start = -1;
    private int startLine;

    /** The BEGIN … END blocks of a routine's body, counted as the driver's parser counts them. */
    private final RoutineBody body = new RoutineBody();

    private ScriptSplitter(String text, boolean mysql) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.mysql = mysql;
    }

    static List<Statement> split(String script, boolean mysql) throws ScriptException {
        ScriptSplitter splitter = new ScriptSplitter(script, mysql);
        splitter.run();
        return splitter.statements;
    }

    private void run() throws ScriptException {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            if (start < 0 && atLineStart() && delimiterCommand()) {
                continue;
            }
            if (start < 0 && c == '\\' && atLineStart()) {
                throw new ScriptException(line, "psql meta-command at line " + line + " (" + metaCommand()
                        + "): run plain SQL; for pg_dump use --inserts", true);
            }
            if (text.startsWith(delimiter, pos)) {
                body.nonWord();
                if (body.open() && delimiter.equals(";")) {
                    pos += delimiter.length(); // a ; inside a routine's BEGIN … END body
                    continue;
                }
                finish(pos);
                pos += delimiter.length();
                continue;
            }
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-' && (!mysql || peek(2) == '\0' || Character.isWhitespace(peek(2)))
                    || mysql && c == '#') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*' && !(mysql && executableComment())) {
                skipBlockComment();
            } else {
                begin();
                if (!isIdentifierStart(c)) {
                    body.nonWord();
                }
                if (c == '\'') {
                    skipQuoted('\'', mysql || escapeString(), "string");
                } else if (c == '"') {
                    skipQuoted('"', mysql, "quoted identifier");
                } else if (c == '`') {
                    skipQuoted('`', false, "quoted identifier");
                } else if (c == '$' && !mysql && dollarTag() != null) {
                    skipDollarQuoted();
                } else if (c == '/' && peek(1) == '*') {
                    skipBlockComment(); // a MySQL /*! … */, /*M! … */ or /*+ … */: SQL the server reads
                } else {
                    int wordStart = pos;
                    pos++;
                    // an identifier (with $ or digits in it) is consumed whole: x$y$ never opens a dollar quote
                    while (pos < n && isIdentifierPart(c) && isIdentifierPart(text.charAt(pos))
                            && !text.startsWith(delimiter, pos)) {
                        pos++;
                    }
                    if (isIdentifierStart(c)) {
                        body.word(text.substring(wordStart, pos).toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        finish(n);
    }

    private void begin() {
        if (start < 0) {
            start = pos;
            startLine = line;
        }
    }

    private void finish(int end) throws ScriptException {
        if (start >= 0) {
            String sql = text.substring(start, end).strip();
            if (COPY_FROM_STDIN.matcher(sql).matches()) {
                throw new ScriptException(startLine, "COPY … FROM stdin at line " + startLine
                        + " is psql's format: use pg_dump --inserts", true);
            }
            if (!sql.isEmpty()) {
                statements.add(new Statement(sql, startLine));
            }
        }
        start = -1;
        body.reset();
    }

    /** {@code /*!}, {@code /*M!} (MariaDB) or {@code /*+} at {@link #pos}: SQL the MySQL server reads. */
    private boolean executableComment() {
        return peek(2) == '!' || peek(2) == '+' || peek(2) == 'M' && peek(3) == '!';
    }

    private String metaCommand() {
        int end = pos + 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(pos, end);
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private boolean atLineStart() {
        for (int i = pos - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** {@code DELIMITER x} as the first word of a statement: consumes the whole line. */
    private boolean delimiterCommand() throws ScriptException {
        int i = pos;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        String keyword = "delimiter";
        if (!text.regionMatches(true, i, keyword, 0, keyword.length())) {
            return false;
        }
        int after = i + keyword.length();
        if (after < text.length() && !Character.isWhitespace(text.charAt(after))) {
            return false; // DELIMITERS, delimiter_x: an identifier, not the command
        }
        int eol = text.indexOf('\n', after);
        if (eol < 0) {
            eol = text.length();
        }
        String argument = text.substring(after, eol).strip();
        int space = indexOfWhitespace(argument);
        if (space >= 0) {
            argument = argument.substring(0, space);
        }
        if (argument.isEmpty()) {
            throw new ScriptException(line, "DELIMITER needs the new delimiter, e.g. DELIMITER //");
        }
        if (argument.contains("'") || argument.contains("\"") || argument.contains("`")
                || argument.toLowerCase(Locale.ROOT).startsWith("--")) {
            throw new ScriptException(line, "DELIMITER " + argument + ": a delimiter cannot contain quotes or start "
                    + "a comment");
        }
        delimiter = argument;
        pos = eol;
        return true;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private void skipLineComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() throws ScriptException {
        int openedOn = line;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '/' && peek(1) == '*' && (depth == 0 || !mysql)) {
                depth++;
                pos += 2;
            } else if (c == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                if (c == '\n') {
                    line++;
                }
                pos++;
            }
        }
        throw new ScriptException(openedOn, "comment /* is never closed");
    }

    /** PostgreSQL's E'…' (also e'…'): the one string form there that takes backslash escapes. */
    private boolean escapeString() {
        if (pos == 0) {
            return false;
        }
        char before = text.charAt(pos - 1);
        if (before != 'E' && before != 'e') {
            return false;
        }
        return pos < 2 || !isIdentifierPart(text.charAt(pos - 2));
    }

    private void skipQuoted(char quote, boolean backslash, String what) throws ScriptException {
        int openedOn = line;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
            }
            if (backslash && c == '\\') {
                if (peek(1) == '\n') {
                    line++;
                }
                pos += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2; // '' inside '…', "" inside "…"
                } else {
                    pos++;
                    return;
                }
            } else {
                pos++;
            }
        }
        throw new ScriptException(openedOn, what + " opened with " + quote + " is never closed");
    }

    /** The whole opening tag ({@code $$} or {@code $name$}) at {@link #pos}, or null when it is not one. */
    private String dollarTag() {
        if (pos > 0 && isIdentifierPart(text.charAt(pos - 1))) {
            return null;
        }
        int i = pos + 1;
        if (i < text.length() && text.charAt(i) == '$') {
            return "$$";
        }
        if (i >= text.length() || !(Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            return null; // $1 is a parameter
        }
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '$' ? text.substring(pos, i + 1) : null;
    }

    private void skipDollarQuoted() throws ScriptException {
        String tag = dollarTag();
        int openedOn = line;
        int end = text.indexOf(tag, pos + tag.length());
        if (end < 0) {
            throw new ScriptException(openedOn, "dollar quote " + tag + " is never closed");
        }
        for (int i = pos; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        pos = end + tag.length();
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

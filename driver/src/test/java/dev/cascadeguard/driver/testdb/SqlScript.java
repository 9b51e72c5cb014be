package dev.cascadeguard.driver.testdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an SQL script into statements at semicolons that are outside quotes ('…', "…", `…`, E'…', $tag$…$tag$),
 * comments (--, /* *&#47;) and CREATE TRIGGER … BEGIN … END bodies. Good enough for the shared schema files;
 * not a parser. MySQL's executable comments ({@code /*!40101 SET … *&#47;}) are kept as statements.
 */
public final class SqlScript {

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z_0-9]*)?\\$");
    private static final Pattern TRIGGER_WITH_BODY =
            Pattern.compile("(?is)^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*\\bBEGIN\\b.*");
    private static final Pattern ENDS_WITH_END = Pattern.compile("(?is).*\\bEND\\s*$");

    private SqlScript() {
    }

    public static List<String> read(Path file, boolean backslashEscapes) {
        try {
            return split(Files.readString(file, StandardCharsets.UTF_8), backslashEscapes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param backslashEscapes true for MySQL/MariaDB, where a backslash escapes the next character in any string
     */
    public static List<String> split(String script, boolean backslashEscapes) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        StringBuilder code = new StringBuilder(); // the statement without its comments
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            int end;
            boolean comment = false;
            if (c == '-' && script.startsWith("--", i)) {
                end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                comment = true;
            } else if (c == '/' && script.startsWith("/*", i)) {
                end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                comment = !script.startsWith("/*!", i);
            } else if (c == '\'' || c == '"' || c == '`') {
                boolean escapes = backslashEscapes || (c == '\'' && isEscapeStringPrefix(script, i));
                end = quotedEnd(script, i, c, escapes);
            } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)))) {
                end = dollarQuotedEnd(script, i);
            } else if (c == ';' && endsStatement(code)) {
                add(statements, statement, code);
                i++;
                continue;
            } else {
                end = i + 1;
            }
            statement.append(script, i, end);
            if (!comment) {
                code.append(script, i, end);
            }
            i = end;
        }
        add(statements, statement, code);
        return statements;
    }

    /** A semicolon inside a trigger body (SQLite, MySQL without DELIMITER) belongs to the body until its END. */
    private static boolean endsStatement(CharSequence code) {
        return !TRIGGER_WITH_BODY.matcher(code).matches() || ENDS_WITH_END.matcher(code).matches();
    }

    private static void add(List<String> statements, StringBuilder statement, StringBuilder code) {
        if (!code.toString().isBlank()) {
            statements.add(statement.toString().trim());
        }
        statement.setLength(0);
        code.setLength(0);
    }

    /** PostgreSQL's E'…' strings take backslash escapes. */
    private static boolean isEscapeStringPrefix(String script, int quote) {
        return quote > 0 && (script.charAt(quote - 1) == 'E' || script.charAt(quote - 1) == 'e')
                && (quote == 1 || !Character.isLetterOrDigit(script.charAt(quote - 2)));
    }

    private static int quotedEnd(String script, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2; // doubled quote
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return script.length();
    }

    private static int dollarQuotedEnd(String script, int start) {
        Matcher tag = DOLLAR_TAG.matcher(script).region(start, script.length());
        if (!tag.lookingAt()) {
            return start + 1;
        }
        int close = script.indexOf(tag.group(), tag.end());
        return close < 0 ? script.length() : close + tag.group().length();
    }
}

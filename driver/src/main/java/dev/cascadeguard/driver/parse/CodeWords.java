package dev.cascadeguard.driver.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads code the guard does not parse — routine and trigger bodies, rule actions, {@code DO} blocks — and statements
 * that may run such code, by their words alone. Like {@link Precheck} it ignores quoting and comments (a body is a
 * string to the lexer and code to the database), so it errs towards "this may destroy rows", never the other way.
 */
public final class CodeWords {

    /** Statements that change rows, and with them fire triggers and rules. */
    private static final Set<String> WRITE_VERBS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT",
            "COPY", "LOAD", "TRUNCATE");
    /** Words that define code (its body does not run now) when they follow CREATE, ALTER, DROP or COMMENT. */
    private static final Set<String> CODE_OBJECTS = Set.of("FUNCTION", "PROCEDURE", "TRIGGER", "RULE", "VIEW", "ALIAS",
            "EVENT", "ROUTINE", "PACKAGE", "AGGREGATE");
    /** Words before a routine's name that call it. */
    private static final Set<String> CALLERS = Set.of("CALL", "EXEC", "EXECUTE", "PERFORM");
    private static final Set<String> SCHEMA_VERBS = Set.of("CREATE", "ALTER", "DROP", "COMMENT", "RENAME");

    private CodeWords() {
    }

    /** One word (upper case) or one other character, in order, over the whole text, quotes and comments included. */
    record Word(String text, boolean word) {
    }

    static List<Word> words(String sql) {
        List<Word> words = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Identifiers.isWordChar(c)) {
                int start = i;
                while (i < n && Identifiers.isWordChar(sql.charAt(i))) {
                    i++;
                }
                words.add(new Word(sql.substring(start, i).toUpperCase(Locale.ROOT), true));
            } else {
                if (!Character.isWhitespace(c)) {
                    words.add(new Word(String.valueOf(c), false));
                }
                i++;
            }
        }
        return words;
    }

    /**
     * Why a body of code destroys rows or may, or null when its words show no way to: it says DELETE, TRUNCATE or
     * DROP (letters only, so {@code x$delete} counts, as in {@link Precheck}), REPLACE INTO or OR REPLACE (a REPLACE
     * deletes the rows it replaces; CREATE OR REPLACE does not), or runs SQL built at run time (PL/pgSQL's EXECUTE,
     * MariaDB's PREPARE / EXECUTE IMMEDIATE), which no reading of the body can see.
     */
    public static String destroys(String body) {
        String destructive = firstDestructiveWord(body);
        if (destructive != null) {
            return "its body says " + destructive;
        }
        List<Word> words = words(body);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).text();
            String next = i + 1 < words.size() ? words.get(i + 1).text() : "";
            String before = i > 0 ? words.get(i - 1).text() : "";
            if (w.equals("REPLACE") && (next.equals("INTO") || before.equals("OR") && !precededByCreate(words, i))) {
                return "its body says REPLACE, which deletes the rows it replaces";
            }
            if (w.equals("EXECUTE") && !next.equals("FUNCTION") && !next.equals("PROCEDURE")
                    || w.equals("PREPARE")) {
                return "its body runs SQL built at run time (" + w + "), which the guard cannot read";
            }
        }
        return null;
    }

    private static boolean precededByCreate(List<Word> words, int replace) {
        return replace >= 2 && words.get(replace - 2).text().equals("CREATE");
    }

    /** DELETE, TRUNCATE or DROP as a run of letters anywhere, as {@link Precheck} reads words; null when none. */
    static String firstDestructiveWord(String text) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                String word = text.substring(start, i).toUpperCase(Locale.ROOT);
                if (word.equals("DELETE") || word.equals("TRUNCATE") || word.equals("DROP")) {
                    return word;
                }
                start = -1;
            }
        }
        return null;
    }

    /**
     * The names of {@code routines} (upper case keys) that {@code text} calls: a name followed by {@code (} (after a
     * closing quote), or after CALL, EXEC, EXECUTE or PERFORM; in the order first called.
     */
    public static Set<String> calls(String text, Set<String> routines) {
        Set<String> called = new LinkedHashSet<>();
        if (routines.isEmpty()) {
            return called;
        }
        List<Word> words = words(text);
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            if (!w.word() || !routines.contains(w.text())) {
                continue;
            }
            int next = i + 1;
            while (next < words.size() && "\"`]".contains(words.get(next).text())) {
                next++;
            }
            boolean parenthesis = next < words.size() && words.get(next).text().equals("(");
            if (parenthesis || calledBy(words, i)) {
                called.add(w.text());
            }
        }
        return called;
    }

    /** CALL, EXEC, EXECUTE or PERFORM just before the name (its quotes and {@code schema.} skipped). */
    private static boolean calledBy(List<Word> words, int name) {
        int i = skipQuotes(words, name - 1);
        if (i >= 0 && words.get(i).text().equals(".")) {
            i = skipQuotes(words, skipQuotes(words, i - 1) - 1); // the schema and its quotes
        }
        return i >= 0 && CALLERS.contains(words.get(i).text());
    }

    private static int skipQuotes(List<Word> words, int i) {
        while (i >= 0 && "\"`[]".contains(words.get(i).text())) {
            i--;
        }
        return i;
    }

    /** The names among {@code names} (upper case) that {@code text} has as words, anywhere; in order. */
    public static Set<String> named(String text, Set<String> names) {
        Set<String> found = new LinkedHashSet<>();
        if (names.isEmpty()) {
            return found;
        }
        for (Word w : words(text)) {
            if (w.word() && names.contains(w.text())) {
                found.add(w.text());
            }
        }
        return found;
    }

    /** True when {@code sql} says INSERT, UPDATE, DELETE, MERGE, REPLACE, UPSERT, COPY, LOAD or TRUNCATE anywhere. */
    public static boolean writes(String sql) {
        return words(sql).stream().anyMatch(w -> w.word() && WRITE_VERBS.contains(w.text()));
    }

    /** The names among {@code tables} (upper case keys) that {@code sql} names when it writes rows; empty otherwise. */
    public static Set<String> writtenAmong(String sql, Map<String, ?> tables) {
        Set<String> named = new LinkedHashSet<>();
        if (tables.isEmpty()) {
            return named;
        }
        return writes(sql) ? named(sql, tables.keySet()) : named;
    }

    /**
     * True when {@code sql} only defines code (CREATE / ALTER / DROP of a function, procedure, trigger, rule, view,
     * alias or event): the body it holds does not run now, so its calls and table names are no reason to stop it.
     */
    public static boolean definesCode(String sql) {
        List<Word> words = words(sql);
        int first = 0;
        while (first < words.size() && !words.get(first).word()) {
            first++;
        }
        if (first == words.size() || !SCHEMA_VERBS.contains(words.get(first).text())) {
            return false;
        }
        // the object type comes before the body: look at the words up to the first parenthesis, quote or AS
        for (int i = first + 1; i < words.size(); i++) {
            Word w = words.get(i);
            if (!w.word() && !w.text().equals(".") && !w.text().equals("=") && !w.text().equals("@")
                    && !w.text().equals("`") && !w.text().equals("'")) {
                return false;
            }
            if (w.word() && w.text().equals("MATERIALIZED")) {
                return false; // CREATE MATERIALIZED VIEW runs its query now
            }
            if (w.word() && CODE_OBJECTS.contains(w.text())) {
                return true;
            }
            if (w.word() && (w.text().equals("AS") || w.text().equals("TABLE"))) {
                return false;
            }
        }
        return false;
    }

    /** Words without which {@link #runsUnseen} finds nothing: the hot path's filter. */
    private static final List<String> UNSEEN_WORDS = List.of("RUNSCRIPT", "IMMEDIATE", "PREPARE", "LOAD", "DO");

    /** False when {@link #runsUnseen} is sure to find nothing: none of its words is in {@code sql}. No allocation. */
    public static boolean mayRunUnseen(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            if (!Identifiers.isWordChar(sql.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Identifiers.isWordChar(sql.charAt(i))) {
                i++;
            }
            for (String word : UNSEEN_WORDS) {
                if (i - start == word.length() && sql.regionMatches(true, start, word, 0, word.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why {@code sql} runs code or a file whose effect on rows the guard cannot see at all, whatever the catalog
     * holds; null when it does not: H2's RUNSCRIPT, MariaDB's EXECUTE IMMEDIATE and PREPARE from anything but a
     * string literal, LOAD DATA / LOAD XML with REPLACE, and a DO block that runs SQL built at run time.
     */
    public static String runsUnseen(String sql) {
        List<Word> words = words(sql);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).text();
            String next = i + 1 < words.size() ? words.get(i + 1).text() : "";
            if (w.equals("RUNSCRIPT")) {
                return "RUNSCRIPT runs the statements of a file, which the guard does not read";
            }
            if (w.equals("EXECUTE") && next.equals("IMMEDIATE")) {
                return "EXECUTE IMMEDIATE runs SQL built at run time, which the guard cannot read";
            }
            if (w.equals("PREPARE") && i + 3 < words.size() && words.get(i + 2).text().equals("FROM")
                    && !words.get(i + 3).text().equals("'")) {
                return "PREPARE ... FROM an expression or variable prepares SQL built at run time, which the guard "
                        + "cannot read";
            }
            if (w.equals("LOAD") && (next.equals("DATA") || next.equals("XML"))
                    && words.stream().anyMatch(x -> x.text().equals("REPLACE"))) {
                return "LOAD " + next + " ... REPLACE deletes the rows whose keys the file's rows repeat, and their "
                        + "cascades, which the guard does not count";
            }
            if (w.equals("DO") && (next.startsWith("$") || next.equals("'") || next.equals("LANGUAGE"))) {
                String body = destroys(sql);
                if (body != null) {
                    return "a DO block: " + body;
                }
            }
        }
        return null;
    }
}

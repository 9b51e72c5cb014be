package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.parse.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text screen for key updates: which words an UPDATE's SET lists may assign, read without parsing. A SET list
 * starts at the word SET (UPDATE ... SET, ON CONFLICT DO UPDATE SET, MERGE ... THEN UPDATE SET) or after KEY UPDATE
 * (MySQL's ON DUPLICATE KEY UPDATE), and ends at WHERE, FROM, RETURNING, ORDER, LIMIT, WHEN or OUTPUT at its own
 * parenthesis depth, or at the end of the statement; every word in it counts, values included (a false hint only
 * costs a parse). String literals are skipped so that a {@code ')'} in one cannot end a list early; a text the scan
 * cannot read with certainty (a backslash, dollar quotes, a {@code #} comment, nested block comments) falls back to
 * every word of the statement, the screen's former rule. A screen may only err towards parsing.
 */
final class SetLists {

    private static final Set<String> ENDS = Set.of("where", "from", "returning", "order", "limit", "when", "output");
    /** Words that may stand between UPDATE and the table it updates. */
    private static final Set<String> MODIFIERS = Set.of("low_priority", "ignore", "only");
    /** Words before UPDATE that make it no UPDATE statement: FOR UPDATE, ON UPDATE, DO UPDATE, KEY UPDATE ... */
    private static final Set<String> NOT_A_TARGET = Set.of("for", "key", "on", "do", "then");

    private SetLists() {
    }

    /**
     * @param referenced the referenced column names, lower case
     * @param longest    the longest of them
     * @param tables     the graph's table names, lower case
     * @param parents    the names of the tables some key references, lower case
     * @param merge      the statement has the word MERGE: without a SET list (H2's MERGE INTO t [(columns)] KEY
     *                   ... VALUES sets every column it writes) it may assign a key when t is referenced and either
     *                   writes every column or names a referenced one
     */
    static boolean mayAssign(String sql, Set<String> referenced, int longest, Set<String> tables,
                             Set<String> parents, boolean merge) {
        if (unsure(sql)) {
            return Identifiers.hasWordAmong(sql, referenced, longest);
        }
        List<String> words = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        read(sql, words, depths);
        // a quoted identifier is never a keyword: "order" or "from" as a column name must not end a SET list
        boolean sawSet = false;
        int listDepth = -1;
        int openCases = 0;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int depth = depths.get(i);
            if (word.equals("case")) {
                openCases++;
            } else if (word.equals("end") && openCases > 0) {
                openCases--;
            }
            // CASE WHEN in a value does not end the list; MERGE's next WHEN [NOT] MATCHED does
            if (listDepth >= 0 && depth <= listDepth && ENDS.contains(word)
                    && !(word.equals("when") && openCases > 0)) {
                listDepth = -1;
            }
            if (word.equals("set") || word.equals("update") && i > 0 && words.get(i - 1).equals("key")) {
                listDepth = listDepth < 0 ? depth : Math.min(listDepth, depth);
                sawSet = true;
                continue;
            }
            if (listDepth >= 0 && referenced.contains(unquoted(word)) && unquoted(word).length() <= longest) {
                return true;
            }
            if (word.equals("update") && (i == 0 || !NOT_A_TARGET.contains(words.get(i - 1)))
                    && updatesOtherThanATable(words, i, tables)) {
                return true;
            }
        }
        return merge && !sawSet && mergeMayAssign(sql, words, referenced, longest, tables, parents);
    }

    private static boolean mergeMayAssign(String sql, List<String> words, Set<String> referenced, int longest,
                                          Set<String> tables, Set<String> parents) {
        int into = words.indexOf("into");
        if (into < 0 || into + 1 >= words.size()) {
            return Identifiers.hasWordAmong(sql, referenced, longest);
        }
        int name = into + 1;
        if (name + 1 < words.size() && !tables.contains(unquoted(words.get(name)))
                && tables.contains(unquoted(words.get(name + 1)))) {
            name++; // schema.table
        }
        String table = unquoted(words.get(name));
        if (tables.contains(table) && !parents.contains(table)) {
            return false;
        }
        String next = name + 1 < words.size() ? words.get(name + 1) : "";
        boolean everyColumn = next.equals("key") || next.equals("values") || next.equals("select");
        return everyColumn || Identifiers.hasWordAmong(sql, referenced, longest);
    }

    /** Marks a word read inside a quoted identifier: it matches column names, never a keyword. */
    private static final char QUOTED = '\u0001';

    private static String unquoted(String word) {
        return !word.isEmpty() && word.charAt(0) == QUOTED ? word.substring(1) : word;
    }

    /** The words of {@code name}, for a quoted column name with spaces or punctuation. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        read(name, words, new ArrayList<>());
        return words;
    }

    /** The relation after UPDATE [LOW_PRIORITY] [IGNORE] [ONLY] [schema.]name is not a table of the graph. */
    private static boolean updatesOtherThanATable(List<String> words, int update, Set<String> tables) {
        int i = update + 1;
        while (i < words.size() && MODIFIERS.contains(words.get(i))) { // unquoted only: "only" is a table name
            i++;
        }
        if (i >= words.size()) {
            return false;
        }
        // schema.name reads as two words; the second is the name unless it is already the SET
        String first = unquoted(words.get(i));
        String next = i + 1 < words.size() ? words.get(i + 1) : "set";
        String name = !next.equals("set") && !ENDS.contains(next) && !tables.contains(first) ? unquoted(next) : first;
        return !tables.contains(name);
    }

    private static boolean unsure(String sql) {
        return sql.indexOf('\\') >= 0 || sql.indexOf('$') >= 0 || sql.indexOf('#') >= 0
                || sql.indexOf("/*") != sql.lastIndexOf("/*");
    }

    /** Every word (lower case) outside string literals and comments, with its parenthesis depth. */
    private static void read(String sql, List<String> words, List<Integer> depths) {
        int n = sql.length();
        int depth = 0;
        int start = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? sql.charAt(i) : ' ';
            if (Identifiers.isWordChar(c)) {
                start = start < 0 ? i : start;
                continue;
            }
            if (start >= 0) {
                words.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
                depths.add(depth);
                start = -1;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '\'') {
                i = skipQuoted(sql, i);
            } else if (c == '"' || c == '`') {
                // a quoted identifier: its words count, its punctuation does not change the depth
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? n : end;
                List<String> inside = new ArrayList<>();
                read(sql.substring(i + 1, end).replace('(', ' ').replace(')', ' ').replace('\'', ' '), inside,
                        new ArrayList<>());
                for (String w : inside) {
                    words.add(QUOTED + w);
                    depths.add(depth);
                }
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            }
        }
    }

    /** The index of the quote closing the literal opened at {@code open} ('' is an escaped quote). */
    private static int skipQuoted(String sql, int open) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length();
    }
}

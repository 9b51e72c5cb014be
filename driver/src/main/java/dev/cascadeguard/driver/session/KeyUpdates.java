package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.parse.Identifiers;
import dev.cascadeguard.driver.parse.ParsedSql;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which UPDATEs the guard must count: those that set a column some foreign key references. The pre-check lets every
 * UPDATE through for speed; only the graph can tell a key update from any other, so the session asks here, in two
 * steps. {@link #mayChangeKey} runs on the text alone (the columns its SET lists assign, {@link SetLists}), so an
 * UPDATE assigning no column named like a referenced one costs one scan of its text, once per prepared statement; a
 * candidate is parsed (cached by text) and {@link #changesKey} compares its SET columns with the target's referenced
 * columns. An UPDATE the parser could not read, or one inside an upsert, a MERGE or a WITH clause, is kept (to fail
 * closed) when the same scan says it may assign a referenced column.
 */
final class KeyUpdates {

    /** The graph of this database, on the session's connection and with its time to live. */
    @FunctionalInterface
    interface Graphs {
        FkGraph graph() throws SQLException;
    }

    private final Graphs graphs;
    private FkGraph seen;
    /** The referenced columns of every key of {@link #seen}, lower case (and the words of those that are not one). */
    private Set<String> referenced = Set.of();
    private int longest;
    /** The names of the tables of {@link #seen}, lower case, without schema. */
    private Set<String> tables = Set.of();
    /** The names of the tables some key of {@link #seen} references, lower case. */
    private Set<String> parents = Set.of();

    KeyUpdates(Graphs graphs) {
        this.graphs = graphs;
    }

    /**
     * True when {@code sql} may set a referenced column: it has the word UPDATE (or MERGE) and either a column its
     * SET lists assign ({@link SetLists}) is named like a referenced column, or the table it updates is not a table
     * of the graph (a view, whose columns may show a referenced one). A graph that cannot be read makes every UPDATE
     * a candidate (the check then fails closed).
     */
    boolean mayChangeKey(String sql) {
        if (hidesSql(sql) && sql.toUpperCase(Locale.ROOT).contains("UPDATE")) {
            return true; // MySQL runs what an executable comment holds: the words around it are no guide
        }
        boolean merge = hasWord(sql, "MERGE");
        if (!merge && !hasWord(sql, "UPDATE")) {
            return false;
        }
        try {
            refresh(graphs.graph());
        } catch (SQLException | RuntimeException unreadable) {
            return true;
        }
        if (referenced.isEmpty()) {
            return false;
        }
        return SetLists.mayAssign(sql, referenced, longest, tables, parents, merge);
    }

    /** True when the UPDATE sets a column that a key referencing its target references (or its target is unknown). */
    boolean changesKey(ParsedStatement.Update update, TableId target, FkGraph graph) {
        refresh(graph);
        if (update.joined()) {
            // a multi-table UPDATE or UPDATE … FROM may set a column of any table it names, not only the first:
            // kept (to fail closed) when it sets a column of that name anywhere in the graph
            return update.columns().stream().anyMatch(c -> referenced.contains(unqualified(c)));
        }
        if (target == null) {
            // a table the graph does not hold: no key can reference it unless the graph is stale; the binder decides
            return update.columns().stream().anyMatch(c -> referenced.contains(c.toLowerCase(Locale.ROOT)));
        }
        return !graph.referencingAny(target, update.columns()).isEmpty();
    }

    private void refresh(FkGraph graph) {
        if (graph == seen) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> tableNames = new HashSet<>();
        Set<String> parentNames = new HashSet<>();
        for (TableId table : graph.tables().stream().map(t -> t.id()).toList()) {
            tableNames.add(table.name().toLowerCase(Locale.ROOT));
            for (ForeignKey key : graph.referencing(table)) {
                parentNames.add(table.name().toLowerCase(Locale.ROOT));
                for (String column : key.parentColumns()) {
                    String lower = column.toLowerCase(Locale.ROOT);
                    names.add(lower);
                    // a quoted name with spaces or punctuation is written as several words: any of them is a hint
                    names.addAll(SetLists.words(lower));
                }
            }
        }
        referenced = names;
        longest = names.stream().mapToInt(String::length).max().orElse(0);
        tables = tableNames;
        parents = parentNames;
        seen = graph;
    }

    /** {@code word} (upper case) as a whole word of {@code sql}, in any letter case. */
    static boolean hasWord(String sql, String word) {
        int n = sql.length();
        int w = word.length();
        char first = word.charAt(0);
        char firstLower = Character.toLowerCase(first);
        for (int i = 0; i + w <= n; i++) {
            char c = sql.charAt(i);
            if ((c == first || c == firstLower) && (i == 0 || !Identifiers.isWordChar(sql.charAt(i - 1)))
                    && sql.regionMatches(true, i, word, 0, w)
                    && (i + w == n || !Identifiers.isWordChar(sql.charAt(i + w)))) {
                return true;
            }
        }
        return false;
    }


    /**
     * The statements without the UPDATEs that set no referenced column; an UPDATE holding a MySQL executable comment
     * ({@code /*! … *}{@code /}), which the server runs and the parser reads as a comment, cannot be read and is
     * kept as one the guard cannot check (fails closed).
     */
    List<ParsedStatement.Destructive> keep(List<ParsedStatement.Destructive> statements,
                                           java.util.function.Predicate<ParsedStatement.Update> changesKey) {
        return statements.stream()
                .filter(s -> !(s instanceof ParsedStatement.Unparseable u && u.kind() == StatementKind.UPDATE)
                        || mayChangeKey(u.sql()))
                .filter(s -> !(s instanceof ParsedStatement.Update u) || hidesSql(u.sql()) || changesKey.test(u))
                .map(s -> s instanceof ParsedStatement.Update u && hidesSql(u.sql())
                        ? (ParsedStatement.Destructive) new ParsedStatement.Unparseable(u.sql(), HIDDEN)
                        : s)
                .toList();
    }

    private static boolean hidesSql(String sql) {
        return sql.contains("/*!") || sql.contains("/*M!");
    }

    /** Why an UPDATE in or around a MySQL executable comment is not counted. */
    static final String HIDDEN = "it holds a MySQL executable comment (/*! ... */), which may set columns the guard "
            + "cannot read";

    /**
     * The statements of {@code sql} as the key-update check reads them: an UPDATE in or around a MySQL executable
     * comment, which the server runs and the parser reads as a comment (or parses without the columns it sets), is
     * one statement the guard cannot check.
     */
    static ParsedSql parse(String sql, java.util.function.Function<String, ParsedSql> parser) {
        if (hidesSql(sql) && sql.toUpperCase(Locale.ROOT).contains("UPDATE")) {
            return new ParsedSql(sql, List.of(new ParsedStatement.Unparseable(sql.strip(), HIDDEN)));
        }
        return parser.apply(sql);
    }

    private static String unqualified(String column) {
        int dot = column.lastIndexOf('.');
        return (dot < 0 ? column : column.substring(dot + 1)).toLowerCase(Locale.ROOT);
    }
}

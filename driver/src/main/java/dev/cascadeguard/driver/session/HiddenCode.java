package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.DestructiveCode;
import dev.cascadeguard.driver.parse.CodeWords;
import dev.cascadeguard.driver.parse.ParsedSql;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the statements that destroy rows through code the guard cannot count, for {@code guard.onEstimateError} to
 * decide on where the rows are destroyed: a call of a routine whose body deletes ({@code SELECT f()}, {@code CALL p}),
 * a write of a table whose trigger or rule deletes (or of a table whose cascade reaches one), and what no catalog
 * shows (RUNSCRIPT, EXECUTE IMMEDIATE, LOAD DATA … REPLACE, a DO block running SQL built at run time). Definitions
 * of code (CREATE FUNCTION, CREATE TRIGGER, CREATE RULE …) are not stopped: migrations define such code, and it
 * destroys nothing until it runs.
 */
final class HiddenCode {

    /** One of the session's cached catalog reads, on its connection and with its time to live. */
    @FunctionalInterface
    interface Cached<T> {
        T get() throws SQLException;
    }

    private static final String WRITES = "it writes ";
    private static final String EXPLAIN = ": the guard cannot count what stored code destroys";

    private final Cached<DestructiveCode> destructiveCode;
    private final Cached<FkGraph> graph;
    /** What {@link #find} said of the connection's recent SQL texts, while the catalog it read stays the same. */
    private final Map<String, Optional<Unseen>> memo = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Unseen>> eldest) {
            return size() > MEMO_SIZE;
        }
    };
    private static final int MEMO_SIZE = 256;
    private DestructiveCode memoCode;
    private FkGraph memoGraph;
    private DestructiveCode seenCode;
    private FkGraph seenGraph;
    /** The tables whose writes run destructive code, by upper-case name: the code's own, and their cascades' parents. */
    private Map<String, String> firing = Map.of();

    HiddenCode(Cached<DestructiveCode> destructiveCode, Cached<FkGraph> graph) {
        this.destructiveCode = destructiveCode;
        this.graph = graph;
    }

    /**
     * What {@link #find} found.
     *
     * @param statements the statements that run code the guard cannot count, as Unparseable
     * @param countable  true when each only writes a table whose trigger or rule runs such code: the rest of the
     *                   statement can still be counted, since counting reads rows and fires no trigger. False when
     *                   one calls a routine, which counting its conditions would run.
     */
    record Unseen(ParsedSql statements, boolean countable) {
    }

    /**
     * The statements of {@code sql} that run code the guard cannot count; null when there are none.
     *
     * @throws SQLException the catalog's own error when it cannot be read and a statement writes rows or calls a
     *                      procedure: it does not run, and the application sees the database's error (in a
     *                      PostgreSQL transaction already failed, the one its retry logic knows) rather than XG003
     */
    Unseen find(String sql) throws SQLException {
        boolean unseenWords = CodeWords.mayRunUnseen(sql);
        DestructiveCode code;
        SQLException unreadable = null;
        try {
            code = destructiveCode.get();
        } catch (SQLException e) {
            code = null;
            unreadable = e;
        } catch (RuntimeException e) {
            code = null;
            unreadable = new SQLException("CascadeGuard could not read the catalog of routines and triggers: " + e, e);
        }
        if (!unseenWords && code != null && code.isEmpty()) {
            return null;
        }
        if (code == null) {
            return search(sql, null, null, unseenWords, unreadable);
        }
        FkGraph graph = currentGraph();
        synchronized (memo) {
            if (code != memoCode || graph != memoGraph) {
                memo.clear();
                memoCode = code;
                memoGraph = graph;
            }
            Optional<Unseen> known = memo.get(sql);
            if (known == null) {
                known = Optional.ofNullable(search(sql, code, graph, unseenWords, null));
                memo.put(sql, known);
            }
            return known.orElse(null);
        }
    }

    private Unseen search(String sql, DestructiveCode code, FkGraph graph, boolean unseenWords,
                          SQLException unreadable) throws SQLException {
        List<ParsedStatement> found = new ArrayList<>();
        boolean countable = true;
        for (String statement : SqlParser.statementTexts(sql)) {
            if (code == null && !CodeWords.definesCode(statement)
                    && (CodeWords.writes(statement) || startsWithCall(statement))) {
                throw unreadable;
            }
            String why = why(statement, code, graph, unseenWords);
            if (why != null) {
                found.add(new ParsedStatement.Unparseable(statement.strip(), why));
                countable &= why.startsWith(WRITES);
            }
        }
        return found.isEmpty() ? null : new Unseen(new ParsedSql(sql, found), countable);
    }

    private String why(String statement, DestructiveCode code, FkGraph graph, boolean unseenWords) {
        if (CodeWords.definesCode(statement)) {
            return null;
        }
        String unseen = unseenWords ? CodeWords.runsUnseen(statement) : null;
        if (unseen != null) {
            return unseen;
        }
        if (code == null) {
            return null; // a read: see find
        }
        for (String called : CodeWords.calls(statement, code.routines().keySet())) {
            DestructiveCode.Named routine = code.routines().get(called);
            return "it calls " + routine.name() + "(), which destroys rows (" + routine.why() + ")" + EXPLAIN;
        }
        for (String view : CodeWords.named(statement, code.views().keySet())) {
            DestructiveCode.Named read = code.views().get(view);
            return "it reads the view " + read.name() + ", whose query " + read.why().replaceFirst("^it ", "") + EXPLAIN;
        }
        Map<String, String> tables = firing(code, graph);
        for (String written : CodeWords.writtenAmong(statement, tables)) {
            return WRITES + written.toLowerCase(Locale.ROOT) + ", " + tables.get(written) + EXPLAIN;
        }
        return null;
    }

    /** The graph, or null where it cannot be read: then the trigger tables alone, without their cascades' parents. */
    private FkGraph currentGraph() {
        try {
            return graph.get();
        } catch (SQLException | RuntimeException unreadable) {
            return null;
        }
    }

    private static boolean startsWithCall(String statement) {
        String s = statement.stripLeading().toUpperCase(Locale.ROOT);
        return s.startsWith("CALL") || s.startsWith("EXEC");
    }

    /**
     * Each table whose write runs destructive code, with why: the tables of the code's triggers and rules, and every
     * table whose delete or key update cascades (CASCADE, SET NULL, SET DEFAULT) into one of them, however deep.
     */
    private Map<String, String> firing(DestructiveCode code, FkGraph graph) {
        if (code == seenCode && graph == seenGraph) {
            return firing;
        }
        Map<String, String> result = new HashMap<>();
        Deque<String> pending = new ArrayDeque<>();
        code.tables().forEach((table, fired) -> {
            DestructiveCode.Named first = fired.get(0);
            result.put(table, "where " + first.name() + " runs code that destroys rows (" + first.why() + ")");
            pending.add(table);
        });
        Map<String, List<String>> parents = graph == null ? Map.of() : cascadingParents(graph);
        while (!pending.isEmpty()) {
            String child = pending.poll();
            for (String parent : parents.getOrDefault(child, List.of())) {
                if (!result.containsKey(parent)) {
                    result.put(parent, "whose rows cascade into " + child.toLowerCase(Locale.ROOT) + ", "
                            + result.get(child));
                    pending.add(parent);
                }
            }
        }
        seenCode = code;
        seenGraph = graph;
        firing = Map.copyOf(result);
        return firing;
    }

    /** For each table (upper case), the tables whose delete or key update changes its rows through a foreign key. */
    private static Map<String, List<String>> cascadingParents(FkGraph graph) {
        Set<FkAction> changing = Set.of(FkAction.CASCADE, FkAction.SET_NULL, FkAction.SET_DEFAULT);
        Map<String, List<String>> parents = new HashMap<>();
        for (TableInfo table : graph.tables()) {
            for (ForeignKey key : graph.referencing(table.id())) {
                if (changing.contains(key.onDelete()) || changing.contains(key.onUpdate())) {
                    parents.computeIfAbsent(key.child().name().toUpperCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(key.parent().name().toUpperCase(Locale.ROOT));
                }
            }
        }
        return parents;
    }
}

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
import java.util.HashSet;
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
    private Map<String, Map<String, String>> firing = Map.of();

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
        Map<String, Map<String, String>> tables = firing(code, graph);
        Set<String> writes = null;
        for (String written : CodeWords.writtenAmong(statement, tables)) {
            writes = writes == null ? writes(statement) : writes;
            for (Map.Entry<String, String> fired : tables.get(written).entrySet()) {
                if (writes.contains(fired.getKey())) {
                    return WRITES + written.toLowerCase(Locale.ROOT) + ", " + fired.getValue() + EXPLAIN;
                }
            }
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
     * The writes a statement may do, from its words: INSERT, UPDATE, DELETE (REPLACE is a DELETE and an INSERT,
     * TRUNCATE a DELETE, MERGE or a statement that names none of them, such as a CALL, any of the three).
     */
    static Set<String> writes(String statement) {
        Set<String> writes = new HashSet<>();
        boolean replace = KeyUpdates.hasWord(statement, "REPLACE");
        if (KeyUpdates.hasWord(statement, "MERGE")) {
            return ALL_WRITES;
        }
        if (replace || KeyUpdates.hasWord(statement, "DELETE") || KeyUpdates.hasWord(statement, "TRUNCATE")) {
            writes.add("DELETE");
        }
        if (replace || KeyUpdates.hasWord(statement, "INSERT")) {
            writes.add("INSERT");
        }
        if (KeyUpdates.hasWord(statement, "UPDATE")) {
            writes.add("UPDATE");
        }
        return writes.isEmpty() ? ALL_WRITES : writes;
    }

    private static final Set<String> ALL_WRITES = Set.of("INSERT", "UPDATE", "DELETE");

    /**
     * Each table whose writes run destructive code, by the write (INSERT, UPDATE, DELETE) that does and why: the
     * tables of the code's triggers and rules, for the events that fire them, and every table whose delete or key
     * update reaches one through its foreign keys (a cascade deletes the child's rows, SET NULL / SET DEFAULT and ON
     * UPDATE actions update them), however deep. An INSERT of a parent fires nothing below it.
     */
    private Map<String, Map<String, String>> firing(DestructiveCode code, FkGraph graph) {
        if (code == seenCode && graph == seenGraph) {
            return firing;
        }
        Map<String, Map<String, String>> result = new HashMap<>();
        Deque<String> pending = new ArrayDeque<>();
        code.tables().forEach((table, fired) -> {
            for (DestructiveCode.Named trigger : fired) {
                for (String event : trigger.events().isEmpty() ? ALL_WRITES : trigger.events()) {
                    result.computeIfAbsent(table, t -> new HashMap<>()).putIfAbsent(event, "where " + trigger.name()
                            + " runs code that destroys rows (" + trigger.why() + ")");
                }
            }
            pending.add(table);
        });
        List<ForeignKey> keys = graph == null ? List.of() : allKeys(graph);
        while (!pending.isEmpty()) {
            String child = pending.poll();
            Map<String, String> childFires = result.get(child);
            for (ForeignKey key : keys) {
                if (!key.child().name().toUpperCase(Locale.ROOT).equals(child)) {
                    continue;
                }
                String parent = key.parent().name().toUpperCase(Locale.ROOT);
                // what a DELETE / an UPDATE of the parent does to the child's rows, through this key
                String onDelete = key.onDelete() == FkAction.CASCADE ? "DELETE"
                        : key.onDelete() == FkAction.SET_NULL || key.onDelete() == FkAction.SET_DEFAULT ? "UPDATE"
                        : null;
                String onUpdate = key.onUpdate() == FkAction.CASCADE || key.onUpdate() == FkAction.SET_NULL
                        || key.onUpdate() == FkAction.SET_DEFAULT ? "UPDATE" : null;
                boolean grew = reach(result, parent, "DELETE", child, onDelete, childFires);
                grew |= reach(result, parent, "UPDATE", child, onUpdate, childFires);
                if (grew) {
                    pending.add(parent);
                }
            }
        }
        seenCode = code;
        seenGraph = graph;
        Map<String, Map<String, String>> frozen = new HashMap<>();
        result.forEach((table, fires) -> frozen.put(table, Map.copyOf(fires)));
        firing = Map.copyOf(frozen);
        return firing;
    }

    /** The parent's {@code write} fires the child's {@code childEvent} code: recorded, true when it is new. */
    private static boolean reach(Map<String, Map<String, String>> result, String parent, String write, String child,
                                 String childEvent, Map<String, String> childFires) {
        if (childEvent == null || !childFires.containsKey(childEvent)) {
            return false;
        }
        Map<String, String> parentFires = result.computeIfAbsent(parent, t -> new HashMap<>());
        if (parentFires.containsKey(write)) {
            return false;
        }
        parentFires.put(write, "whose rows cascade into " + child.toLowerCase(Locale.ROOT) + ", "
                + childFires.get(childEvent));
        return true;
    }

    private static List<ForeignKey> allKeys(FkGraph graph) {
        List<ForeignKey> keys = new ArrayList<>();
        for (TableInfo table : graph.tables()) {
            keys.addAll(graph.referencing(table.id()));
        }
        return keys;
    }

}

package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.CascadeSemantics;
import dev.cascadeguard.driver.dialect.CheckOrder;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlan.DeleteNode;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rows referencing a deleted row through a RESTRICT / NO ACTION key really make a DELETE fail: those the
 * database has not removed yet when it checks the key. A row the same statement deletes too is left out only where
 * the schema proves the engine removes it first ({@link CheckOrder}, docs/database-semantics.md §1):
 * <ul>
 *   <li>SQLite NO ACTION: checked at the end of the statement, so every row the statement deletes</li>
 *   <li>PostgreSQL: the statement's own rows; a row deleted a level of the RI queue earlier than the parent row
 *       can be; a row deleted by a cascade key whose trigger fires before this key's for the same parent row;
 *       a row referencing itself</li>
 *   <li>InnoDB, SQLite RESTRICT: a row the same parent row reaches through a chain of cascades whose first key the
 *       engine runs before this one (depth-first, the chain finishes first); a row hanging off the parent row's only
 *       ancestor through a key the ancestor runs before its key towards the parent row. InnoDB: never a row of the
 *       target table or of a table whose cascades reach the parent's (it may still be being deleted)</li>
 *   <li>SQLite RESTRICT, H2: a row referencing itself</li>
 * </ul>
 * Anything else the statement deletes as well stays counted (the failure is predicted): whether it goes first then
 * depends on the order the engine reads rows, which SQL cannot see. {@link #orderDependent} selects those rows, for
 * a note.
 */
final class RestrictOrder {

    /** Cascade chains longer than this are not followed (each is one more EXISTS in the counting query). */
    static final int MAX_CHAIN = 3;
    /** Chains followed per key at most. */
    static final int MAX_CHAINS = 8;
    private static final int UNBOUNDED_DEPTH = Integer.MAX_VALUE;

    private final CascadePlan plan;
    private final FkGraph graph;
    private final CascadeSemantics semantics;
    private final CountSql sql;
    private final Map<TableId, String> cteOf;
    private final String targetRowsCte;
    private final Map<TableId, Integer> deepestLevel = new HashMap<>();

    RestrictOrder(CascadePlan plan, FkGraph graph, CascadeSemantics semantics, CountSql sql,
                  Map<TableId, String> cteOf, String targetRowsCte) {
        this.plan = plan;
        this.graph = graph;
        this.semantics = semantics;
        this.sql = sql;
        this.cteOf = cteOf;
        this.targetRowsCte = targetRowsCte;
        for (DeleteNode node : plan.deletes()) {
            deepestLevel.put(node.table(), deepestLevel(node));
        }
    }

    /**
     * The deepest level of the RI queue a row of this table can be deleted at: the longest cascade path to it, or
     * unbounded where a self-reference or a cycle (here or above) makes paths arbitrarily long. The deletes come in
     * topological order, so a table's parents are known before it.
     */
    private int deepestLevel(DeleteNode node) {
        if (!node.selfLoops().isEmpty() || !node.cycle().isEmpty()) {
            return UNBOUNDED_DEPTH;
        }
        if (node.table().equals(plan.target())) {
            return 0;
        }
        int deepest = 0;
        for (ForeignKey fk : node.incoming()) {
            int parent = deepestLevel.getOrDefault(fk.parent(), UNBOUNDED_DEPTH);
            if (parent == UNBOUNDED_DEPTH) {
                return UNBOUNDED_DEPTH;
            }
            deepest = Math.max(deepest, parent + 1);
        }
        return deepest;
    }

    /** Rows (under {@code alias}) that make the statement fail through one of {@code keys}: an SQL condition. */
    String blocking(List<ForeignKey> keys, String alias) {
        List<String> any = new ArrayList<>();
        keys.forEach(key -> any.add(blocking(key, alias)));
        return String.join(" OR ", any);
    }

    /** {@link #orderDependent(ForeignKey, String)} for any of {@code keys}; empty when there can be none. */
    Optional<String> orderDependent(List<ForeignKey> keys, String alias) {
        List<String> any = new ArrayList<>();
        for (ForeignKey key : keys) {
            String rows = orderDependent(key, alias);
            if (rows != null) {
                any.add("(" + rows + ")");
            }
        }
        return any.isEmpty() ? Optional.empty() : Optional.of(String.join(" OR ", any));
    }

    /** SQLite's NO ACTION leaves out the rows the statement deletes, which takes a way to identify them. */
    boolean inexact(List<ForeignKey> keys) {
        TableId child = keys.get(0).child();
        return semantics.noActionSeesCascadeDeletes() && cteOf.containsKey(child) && !sql.hasIdentity(child)
                && keys.stream().anyMatch(fk -> fk.onDelete() == FkAction.NO_ACTION);
    }

    /** Rows (under {@code alias}) that make the statement fail through {@code key}: an SQL condition. */
    String blocking(ForeignKey key, String alias) {
        String references = sql.references(key, cteOf.get(key.parent()), alias);
        List<String> goneFirst = removedBeforeCheck(key, alias);
        return goneFirst.isEmpty() ? references : "(" + references + " AND " + not(goneFirst) + ")";
    }

    /**
     * Of the {@link #blocking} rows, those the statement deletes too, at a moment the guard cannot place before or
     * after the check: null when there can be none (the failure is then certain).
     */
    String orderDependent(ForeignKey key, String alias) {
        TableId child = key.child();
        String childRows = cteOf.get(child);
        if (childRows == null || !sql.hasIdentity(child)) {
            return null;
        }
        if (key.onDelete() == FkAction.NO_ACTION && semantics.noActionSeesCascadeDeletes()) {
            return null; // counted at the end of the statement: every row it deletes is already left out
        }
        String condition = blocking(key, alias) + " AND " + sql.memberOf(child, childRows, alias);
        switch (semantics.checkOrder()) {
            case QUEUED_BREADTH_FIRST -> {
                // deleted by events of a deeper level than the parent row's: always after the check (a row one level
                // below the parent row may still be deleted by an event of the parent row's level that runs first)
                int parentDeepest = deepestLevel.getOrDefault(key.parent(), UNBOUNDED_DEPTH);
                if (parentDeepest != UNBOUNDED_DEPTH && plan.node(child).depth() - 1 > parentDeepest) {
                    return null;
                }
            }
            case DEPTH_FIRST_GONE_WHEN_DONE -> {
                // a row referencing itself is still being deleted when InnoDB checks it: always refused
                if (key.selfReference()) {
                    condition += " AND " + not(List.of(sql.joins(key, alias, alias)));
                }
            }
            default -> {
            }
        }
        return condition;
    }

    /**
     * None of {@code conditions} holds. They compare referencing columns, which may be NULL: a plain NOT would turn
     * "unknown" into "unknown" and drop the row, where a NULL reference means "not removed that way".
     */
    private static String not(List<String> conditions) {
        return "CASE WHEN " + String.join(" OR ", conditions) + " THEN 0 ELSE 1 END = 1";
    }

    /** Conditions, each sufficient for the row under {@code alias} to be gone when the database checks key. */
    private List<String> removedBeforeCheck(ForeignKey key, String alias) {
        List<String> gone = new ArrayList<>();
        TableId child = key.child();
        String childRows = cteOf.get(child);
        boolean identified = sql.hasIdentity(child);
        if (childRows != null && identified && key.onDelete() == FkAction.NO_ACTION
                && semantics.noActionSeesCascadeDeletes()) {
            gone.add(sql.memberOf(child, childRows, alias)); // checked when the statement ends
            return gone;
        }
        if (semantics.targetRowsGoFirst() && child.equals(plan.target()) && identified) {
            gone.add(sql.memberOf(child, targetRowsCte, alias));
        }
        CheckOrder order = semantics.checkOrder();
        if (key.selfReference() && order != CheckOrder.UNKNOWN && order != CheckOrder.DEPTH_FIRST_GONE_WHEN_DONE) {
            gone.add(sql.joins(key, alias, alias)); // the row is the parent being deleted: it never blocks itself
        }
        if (childRows == null) {
            return gone; // the statement does not delete the referencing rows at all
        }
        switch (order) {
            case QUEUED_BREADTH_FIRST -> {
                gone.addAll(chains(key, alias, 1));
                gone.addAll(deletedOnEarlierLevel(key, alias));
            }
            case DEPTH_FIRST_GONE_FIRST -> {
                gone.addAll(chains(key, alias, MAX_CHAIN));
                gone.addAll(earlierBranches(key, alias));
            }
            case DEPTH_FIRST_GONE_WHEN_DONE -> {
                // a referencing row that can be an ancestor of the parent row in the depth-first walk, or one of
                // the statement's own rows, may be unfinished when the key is checked
                if (!child.equals(plan.target()) && !cascadesReach(child, key.parent())) {
                    gone.addAll(chains(key, alias, MAX_CHAIN));
                    gone.addAll(earlierBranches(key, alias));
                }
            }
            default -> {
            }
        }
        return gone;
    }

    /** True when deleting rows of {@code from} can cascade to rows of {@code to} (a table reaches itself). */
    private boolean cascadesReach(TableId from, TableId to) {
        Set<TableId> seen = new HashSet<>();
        Deque<TableId> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            TableId table = queue.poll();
            if (table.equals(to)) {
                return true;
            }
            if (seen.add(table)) {
                for (ForeignKey fk : graph.referencing(table)) {
                    if (fk.onDelete() == FkAction.CASCADE && plan.node(fk.child()) != null) {
                        queue.add(fk.child());
                    }
                }
            }
        }
        return false;
    }

    /**
     * PostgreSQL: a row that a cascade from a table deleted on a shallower queue level than the parent row can ever
     * be deleted on is gone before the parent row's events run.
     */
    private List<String> deletedOnEarlierLevel(ForeignKey key, String alias) {
        List<String> gone = new ArrayList<>();
        int parentShallowest = plan.node(key.parent()).depth();
        DeleteNode childNode = plan.node(key.child());
        List<ForeignKey> into = new ArrayList<>(childNode.incoming());
        into.addAll(childNode.selfLoops());
        for (ForeignKey cascade : into) {
            String parentRows = cteOf.get(cascade.parent());
            int deepest = deepestLevel.getOrDefault(cascade.parent(), UNBOUNDED_DEPTH);
            if (parentRows != null && deepest < parentShallowest) {
                gone.add(sql.references(cascade, parentRows, alias));
            }
        }
        return gone;
    }

    /**
     * The referencing row is reached from the very parent row it references through a chain of cascades whose first
     * key the database runs before {@code key}: that chain has deleted it before the check. Chains longer than one
     * key only hold where no table on them is in a cycle (else a row on the chain may be an unfinished ancestor).
     */
    private List<String> chains(ForeignKey key, String alias, int maxLength) {
        List<List<ForeignKey>> found = new ArrayList<>();
        for (ForeignKey first : graph.referencing(key.parent())) {
            if (first.onDelete() == FkAction.CASCADE && runsBefore(first, key)) {
                List<ForeignKey> chain = new ArrayList<>();
                chain.add(first);
                extend(chain, key.child(), maxLength, found);
            }
        }
        List<String> conditions = new ArrayList<>();
        for (List<ForeignKey> chain : found) {
            conditions.add(chainCondition(key, chain, alias));
        }
        return conditions;
    }

    /**
     * Depth-first engines: the referencing row hangs, through a chain of cascades, off an ancestor row of the parent
     * row, and the ancestor runs that chain's first key before the key leading down to the parent row: that whole
     * branch is finished before the parent row is even reached. Only where the parent row can be reached from that
     * ancestor row alone: every table from the ancestor down to the parent has exactly one cascade key into it.
     */
    private List<String> earlierBranches(ForeignKey key, String alias) {
        List<String> gone = new ArrayList<>();
        DeleteNode childNode = plan.node(key.child());
        if (childNode == null || !childNode.cycle().isEmpty()) {
            return gone;
        }
        List<ForeignKey> up = new ArrayList<>();
        TableId table = key.parent();
        while (up.size() < MAX_CHAIN) {
            DeleteNode node = plan.node(table);
            // a root of the statement (the target, or another table a multi-table DELETE or batch names: depth 0)
            // has rows of its own that no ancestor reaches: the walk up ends there
            if (node == null || node.depth() == 0 || node.incoming().size() != 1
                    || !node.selfLoops().isEmpty() || !node.cycle().isEmpty()) {
                break;
            }
            ForeignKey into = node.incoming().get(0);
            up.add(into);
            DeleteNode ancestor = plan.node(into.parent());
            if (ancestor == null || !ancestor.cycle().isEmpty()) {
                break;
            }
            List<List<ForeignKey>> found = new ArrayList<>();
            for (ForeignKey first : graph.referencing(ancestor.table())) {
                if (first.onDelete() == FkAction.CASCADE && !first.equals(into) && runsBefore(first, into)) {
                    List<ForeignKey> chain = new ArrayList<>();
                    chain.add(first);
                    extend(chain, key.child(), MAX_CHAIN, found);
                }
            }
            for (List<ForeignKey> chain : found) {
                gone.add(branchCondition(key, up, chain, alias));
            }
            table = ancestor.table();
        }
        return gone;
    }

    /**
     * EXISTS the parent row {@code key} references, its ancestors up the {@code up} keys, and from the topmost one a
     * row of each table along {@code down}, the last one referenced by the row under {@code alias}.
     */
    private String branchCondition(ForeignKey key, List<ForeignKey> up, List<ForeignKey> down, String alias) {
        StringBuilder from = new StringBuilder(sql.qualified(key.parent()) + " cg_u0");
        for (int i = 0; i < up.size(); i++) {
            ForeignKey link = up.get(i);
            from.append(" JOIN ").append(sql.qualified(link.parent())).append(" cg_u").append(i + 1)
                    .append(" ON ").append(sql.joins(link, "cg_u" + (i + 1), "cg_u" + i));
        }
        String previous = "cg_u" + up.size();
        for (int i = 0; i < down.size() - 1; i++) {
            ForeignKey link = down.get(i);
            from.append(" JOIN ").append(sql.qualified(link.child())).append(" cg_v").append(i)
                    .append(" ON ").append(sql.joins(link, previous, "cg_v" + i));
            previous = "cg_v" + i;
        }
        ForeignKey last = down.get(down.size() - 1);
        return "EXISTS (SELECT 1 FROM " + from + " WHERE " + sql.joins(key, "cg_u0", alias) + " AND "
                + sql.joins(last, previous, alias) + ")";
    }

    private void extend(List<ForeignKey> chain, TableId child, int maxLength, List<List<ForeignKey>> found) {
        if (found.size() >= MAX_CHAINS) {
            return;
        }
        ForeignKey last = chain.get(chain.size() - 1);
        DeleteNode reached = plan.node(last.child());
        if (reached == null) {
            return;
        }
        if (chain.size() > 1 && !reached.cycle().isEmpty()) {
            return;
        }
        if (last.child().equals(child)) {
            found.add(List.copyOf(chain));
            return;
        }
        // a longer chain must not start with a self reference: its next row may be the parent row itself, still
        // being deleted, whose cascades have not run yet
        if (chain.get(0).selfReference() || chain.size() >= maxLength
                || !plan.node(chain.get(0).parent()).cycle().isEmpty() || !reached.cycle().isEmpty()) {
            return;
        }
        for (ForeignKey next : graph.referencing(last.child())) {
            if (next.onDelete() == FkAction.CASCADE && !next.selfReference() && plan.node(next.child()) != null
                    && plan.node(next.child()).cycle().isEmpty()) {
                chain.add(next);
                extend(chain, child, maxLength, found);
                chain.remove(chain.size() - 1);
            }
        }
    }

    /**
     * EXISTS a row of each table on the chain, the first one being the parent row {@code key} references, each
     * referencing the one before, the last one referenced by the row under {@code alias}.
     */
    private String chainCondition(ForeignKey key, List<ForeignKey> chain, String alias) {
        StringBuilder from = new StringBuilder(sql.qualified(key.parent()) + " cg_k0");
        for (int i = 0; i < chain.size() - 1; i++) {
            ForeignKey link = chain.get(i);
            from.append(" JOIN ").append(sql.qualified(link.child())).append(" cg_k").append(i + 1)
                    .append(" ON ").append(sql.joins(link, "cg_k" + i, "cg_k" + (i + 1)));
        }
        ForeignKey last = chain.get(chain.size() - 1);
        return "EXISTS (SELECT 1 FROM " + from + " WHERE " + sql.joins(key, "cg_k0", alias) + " AND "
                + sql.joins(last, "cg_k" + (chain.size() - 1), alias) + ")";
    }

    /** True when the database provably handles {@code first} before {@code second} for the same parent row. */
    static boolean runsBefore(ForeignKey first, ForeignKey second) {
        String a = first.processingOrder();
        String b = second.processingOrder();
        return a != null && b != null && ascii(a) && ascii(b) && a.compareTo(b) < 0;
    }

    /** The engines compare these as bytes; Java compares UTF-16 units: the same only for ASCII. */
    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}

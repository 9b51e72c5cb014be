package dev.cascadeguard.driver.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out, from the foreign-key graph alone, which tables a delete from one table can reach: CASCADE edges are
 * followed breadth-first (so each table gets its shortest path), every other action is a side effect of the
 * table it hangs off. Self-references, cycles and diamonds are legal here: each table appears once, and the
 * estimator turns cycles into recursion.
 */
public final class CascadePlanner {

    private CascadePlanner() {
    }

    public static CascadePlan plan(FkGraph graph, TableId target, boolean foreignKeysEnforced) {
        return plan(graph, List.of(target), foreignKeysEnforced);
    }

    /**
     * The plan of deleting rows from several tables at once (MySQL {@code DELETE t1, t2 FROM ...}, or the statements
     * of a batch counted together): every target is a root at depth 0, the first one is the plan's target and comes
     * first, and a table reached from several targets is one node.
     */
    public static CascadePlan plan(FkGraph graph, List<TableId> targets, boolean foreignKeysEnforced) {
        TableId target = targets.get(0);
        if (!foreignKeysEnforced) {
            List<CascadePlan.DeleteNode> roots = new ArrayList<>();
            for (TableId t : new java.util.LinkedHashSet<>(targets)) {
                roots.add(node(t, 0, List.of(t), List.of(), List.of(), List.of()));
            }
            return new CascadePlan(target, roots, List.of(), false);
        }
        Map<TableId, List<TableId>> paths = new LinkedHashMap<>();
        Deque<TableId> queue = new ArrayDeque<>();
        for (TableId t : targets) {
            if (paths.putIfAbsent(t, List.of(t)) == null) {
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            TableId parent = queue.poll();
            for (ForeignKey fk : graph.referencing(parent)) {
                if (fk.onDelete() == FkAction.CASCADE && !paths.containsKey(fk.child())) {
                    List<TableId> path = new ArrayList<>(paths.get(parent));
                    path.add(fk.child());
                    paths.put(fk.child(), List.copyOf(path));
                    queue.add(fk.child());
                }
            }
        }
        Map<TableId, List<TableId>> cycles = cyclesAmong(graph, paths.keySet());
        List<CascadePlan.DeleteNode> nodes = new ArrayList<>();
        List<CascadePlan.SideEffect> sideEffects = new ArrayList<>();
        for (TableId table : topologicalOrder(graph, paths.keySet(), target)) {
            List<ForeignKey> incoming = new ArrayList<>();
            List<ForeignKey> selfLoops = new ArrayList<>();
            for (TableId parent : paths.keySet()) {
                for (ForeignKey fk : graph.referencing(parent)) {
                    if (fk.onDelete() == FkAction.CASCADE && fk.child().equals(table)) {
                        (fk.selfReference() ? selfLoops : incoming).add(fk);
                    }
                }
            }
            List<TableId> path = paths.get(table);
            nodes.add(node(table, path.size() - 1, path, incoming, selfLoops, cycles.getOrDefault(table, List.of())));
            for (ForeignKey fk : graph.referencing(table)) {
                if (fk.onDelete() != FkAction.CASCADE) {
                    sideEffects.add(new CascadePlan.SideEffect(fk));
                }
            }
        }
        return new CascadePlan(target, nodes, sideEffects, true);
    }

    private static CascadePlan.DeleteNode node(TableId table, int depth, List<TableId> path, List<ForeignKey> incoming,
                                               List<ForeignKey> selfLoops, List<TableId> cycle) {
        return new CascadePlan.DeleteNode(table, depth, path, incoming, selfLoops, cycle);
    }

    /**
     * Orders the reached tables so that a table comes after every table that cascades into it, except along
     * cycles (Tarjan's strongly connected components come out in reverse topological order).
     */
    private static List<TableId> topologicalOrder(FkGraph graph, Iterable<TableId> reached, TableId target) {
        List<List<TableId>> components = new CascadeComponents(graph, reached).components();
        List<TableId> order = new ArrayList<>();
        for (int i = components.size() - 1; i >= 0; i--) {
            order.addAll(components.get(i));
        }
        // The target's own component comes first: nothing outside it reaches it.
        order.remove(target);
        order.add(0, target);
        return order;
    }

    /** For each table in a cycle of two or more tables, the tables of that cycle. */
    private static Map<TableId, List<TableId>> cyclesAmong(FkGraph graph, Iterable<TableId> reached) {
        Map<TableId, List<TableId>> cycles = new HashMap<>();
        for (List<TableId> component : new CascadeComponents(graph, reached).components()) {
            if (component.size() > 1) {
                for (TableId t : component) {
                    cycles.put(t, List.copyOf(component));
                }
            }
        }
        return cycles;
    }
}

package dev.cascadeguard.driver.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strongly connected components (Tarjan) over the ON DELETE CASCADE edges between a set of tables: the cycles a
 * cascade can go round. Components come out in reverse topological order; a table in no cycle is a component of its
 * own.
 */
public final class CascadeComponents {

    private final FkGraph graph;
    private final Set<TableId> within = new LinkedHashSet<>();
    private final Map<TableId, Integer> index = new HashMap<>();
    private final Map<TableId, Integer> low = new HashMap<>();
    private final Deque<TableId> stack = new ArrayDeque<>();
    private final Set<TableId> onStack = new HashSet<>();
    private final List<List<TableId>> components = new ArrayList<>();
    private int counter;

    public CascadeComponents(FkGraph graph, Iterable<TableId> reached) {
        this.graph = graph;
        reached.forEach(within::add);
    }

    public List<List<TableId>> components() {
        if (components.isEmpty()) {
            for (TableId t : within) {
                if (!index.containsKey(t)) {
                    visit(t);
                }
            }
        }
        return components;
    }

    // Recursion depth is bounded by the number of reached tables (hundreds at most in real schemas).
    private void visit(TableId t) {
        index.put(t, counter);
        low.put(t, counter);
        counter++;
        stack.push(t);
        onStack.add(t);
        for (ForeignKey fk : graph.referencing(t)) {
            TableId c = fk.child();
            if (fk.onDelete() != FkAction.CASCADE || !within.contains(c)) {
                continue;
            }
            if (!index.containsKey(c)) {
                visit(c);
                low.put(t, Math.min(low.get(t), low.get(c)));
            } else if (onStack.contains(c)) {
                low.put(t, Math.min(low.get(t), index.get(c)));
            }
        }
        if (low.get(t).equals(index.get(t))) {
            List<TableId> component = new ArrayList<>();
            TableId member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(t));
            components.add(component);
        }
    }
}

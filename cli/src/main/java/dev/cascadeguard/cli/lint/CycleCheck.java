package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cycles of ON DELETE CASCADE keys: strongly connected components of the cascade edges (Tarjan), and
 * self-referencing cascades (a tree of rows deleted to its leaves, which is often the point: info only).
 */
final class CycleCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        for (List<TableId> component : new Components(facts).strong()) {
            List<String> constraints = facts.foreignKeys().stream()
                    .filter(fk -> fk.onDelete() == FkAction.CASCADE && !fk.selfReference()
                            && component.contains(fk.parent()) && component.contains(fk.child()))
                    .map(ForeignKey::name).toList();
            List<String> names = component.stream().map(facts::name).toList();
            findings.add(Finding.of(Kind.CASCADE_CYCLE, names, constraints,
                    "ON DELETE CASCADE keys form a cycle through " + String.join(" → ", names) + " → "
                            + names.get(0) + ": deleting one row may delete every row the data links around it"));
        }
        for (ForeignKey fk : facts.foreignKeys()) {
            if (fk.selfReference() && fk.onDelete() == FkAction.CASCADE) {
                findings.add(new Finding(Kind.CASCADE_CYCLE, Severity.INFO, List.of(facts.name(fk.child())),
                        List.of(fk.name()), facts.name(fk.child()) + " cascades into itself (" + fk.name()
                        + "): deleting a row deletes its whole subtree of rows",
                        "fine for a tree of rows; RESTRICT if a subtree must be moved before its parent goes"));
            }
        }
        return findings;
    }

    /** Tarjan's strongly connected components of the cascade edges between tables in scope, sizes 2 and up. */
    private static final class Components {
        private final SchemaFacts facts;
        private final Map<TableId, List<TableId>> edges = new HashMap<>();
        private final Map<TableId, Integer> index = new HashMap<>();
        private final Map<TableId, Integer> low = new HashMap<>();
        private final Deque<TableId> stack = new ArrayDeque<>();
        private final List<List<TableId>> found = new ArrayList<>();
        private int next;

        Components(SchemaFacts facts) {
            this.facts = facts;
            for (ForeignKey fk : facts.foreignKeys()) {
                if (fk.onDelete() == FkAction.CASCADE && !fk.selfReference() && facts.scope().contains(fk.parent())) {
                    edges.computeIfAbsent(fk.parent(), k -> new ArrayList<>()).add(fk.child());
                }
            }
        }

        List<List<TableId>> strong() {
            for (TableId table : facts.tables()) {
                if (!index.containsKey(table)) {
                    visit(table);
                }
            }
            return found;
        }

        // recursion depth is bounded by the number of tables on one cascade path, a handful in real schemas
        private void visit(TableId table) {
            index.put(table, next);
            low.put(table, next);
            next++;
            stack.push(table);
            for (TableId child : edges.getOrDefault(table, List.of())) {
                if (!index.containsKey(child)) {
                    visit(child);
                    low.put(table, Math.min(low.get(table), low.get(child)));
                } else if (stack.contains(child)) {
                    low.put(table, Math.min(low.get(table), index.get(child)));
                }
            }
            if (low.get(table).equals(index.get(table))) {
                List<TableId> component = new ArrayList<>();
                TableId member;
                do {
                    member = stack.pop();
                    component.add(member);
                } while (!member.equals(table));
                if (component.size() > 1) {
                    component.sort(Comparator.comparing(TableId::toString));
                    found.add(component);
                }
            }
        }
    }
}

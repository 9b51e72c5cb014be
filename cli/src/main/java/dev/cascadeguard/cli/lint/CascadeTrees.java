package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the cascade trees of a schema: one per root, a table whose rows cascade elsewhere and that no other table's
 * rows cascade into (plus one table of each cascade cycle no root reaches). Each table is expanded once per tree, so
 * a tree has at most one node per foreign key however many diamonds the schema has.
 */
public final class CascadeTrees {

    private final SchemaFacts facts;

    public CascadeTrees(SchemaFacts facts) {
        this.facts = facts;
    }

    /** The trees of every root, in root name order. */
    public List<CascadeNode> all() {
        List<CascadeNode> trees = new ArrayList<>();
        Set<TableId> covered = new HashSet<>();
        List<TableId> candidates = facts.tables().stream().filter(this::cascadesOut).toList();
        Set<TableId> cascadedInto = new HashSet<>();
        for (ForeignKey fk : facts.foreignKeys()) {
            if (fk.onDelete() == FkAction.CASCADE && !fk.selfReference()) {
                cascadedInto.add(fk.child());
            }
        }
        for (TableId table : candidates) {
            if (!cascadedInto.contains(table)) {
                CascadeNode tree = from(table);
                trees.add(tree);
                tree.all().forEach(n -> covered.add(n.table()));
            }
        }
        for (TableId table : candidates) {
            // a cycle with no way in from outside: start at its first table by name
            if (!covered.contains(table)) {
                CascadeNode tree = from(table);
                trees.add(tree);
                tree.all().forEach(n -> covered.add(n.table()));
            }
        }
        return trees;
    }

    /**
     * The tree of deleting one row of {@code root}. A depth-first search from the root finds the keys that close a
     * cycle (drawn, not followed); on what remains, a table is expanded where its longest chain from the root ends,
     * so the tree's depth is the longest cascade chain (what InnoDB's depth limit counts), not the shortest.
     */
    public CascadeNode from(TableId root) {
        Set<ForeignKey> closing = new HashSet<>();
        List<TableId> finished = new ArrayList<>();
        search(root, new HashSet<>(), new HashSet<>(), closing, finished);
        Map<TableId, Integer> longest = new HashMap<>();
        longest.put(root, 0);
        for (int i = finished.size() - 1; i >= 0; i--) { // reverse finishing order: parents before children
            Integer depth = longest.get(finished.get(i));
            for (ForeignKey fk : facts.graph().referencing(finished.get(i))) {
                if (depth != null && fk.onDelete() == FkAction.CASCADE && !closing.contains(fk)) {
                    longest.merge(fk.child(), depth + 1, Math::max);
                }
            }
        }
        return expand(root, null, FkAction.CASCADE, 0, 1.0, 1.0, closing, longest, new HashSet<>());
    }

    private void search(TableId table, Set<TableId> onPath, Set<TableId> done, Set<ForeignKey> closing,
                        List<TableId> finished) {
        onPath.add(table);
        for (ForeignKey fk : ordered(facts.graph().referencing(table))) {
            if (fk.onDelete() != FkAction.CASCADE) {
                continue;
            }
            if (onPath.contains(fk.child())) {
                closing.add(fk);
            } else if (!done.contains(fk.child())) {
                search(fk.child(), onPath, done, closing, finished);
            }
        }
        onPath.remove(table);
        done.add(table);
        finished.add(table);
    }

    private CascadeNode expand(TableId table, ForeignKey via, FkAction action, int depth, double rows, double upTo,
                               Set<ForeignKey> closing, Map<TableId, Integer> longest, Set<TableId> expanded) {
        String protectedBy = facts.protectedTables().get(table);
        boolean cycle = via != null && closing.contains(via);
        boolean repeat = !cycle && action == FkAction.CASCADE
                && (expanded.contains(table) || depth < longest.getOrDefault(table, depth));
        if (action != FkAction.CASCADE || cycle || repeat) {
            return new CascadeNode(table, via, action, depth, rows, upTo, repeat, cycle, protectedBy, List.of());
        }
        expanded.add(table);
        List<CascadeNode> children = new ArrayList<>();
        for (ForeignKey fk : ordered(facts.graph().referencing(table))) {
            double average = fanOut(fk);
            double heaviest = Math.max(average, facts.heaviestParent().getOrDefault(fk, average));
            children.add(expand(fk.child(), fk, fk.onDelete(), depth + 1, rows * average, upTo * heaviest, closing,
                    longest, expanded));
        }
        return new CascadeNode(table, via, action, depth, rows, upTo, false, false, protectedBy, children);
    }

    /** Referencing rows per parent row, from the tables' row estimates: the average over all parent rows. */
    double fanOut(ForeignKey fk) {
        long parents = facts.rowsOf(fk.parent());
        return parents == 0 ? 0 : (double) facts.rowsOf(fk.child()) / parents;
    }

    private static List<ForeignKey> ordered(List<ForeignKey> keys) {
        List<ForeignKey> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparing((ForeignKey k) -> k.child().toString())
                .thenComparing(k -> String.valueOf(k.name())));
        return sorted;
    }

    private boolean cascadesOut(TableId table) {
        return facts.graph().referencing(table).stream()
                .anyMatch(fk -> fk.onDelete() == FkAction.CASCADE && !fk.selfReference());
    }
}

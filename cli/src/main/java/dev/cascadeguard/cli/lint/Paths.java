package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.ForeignKey;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** Walks a cascade tree with the path from its root, and writes paths and chains for messages. */
public final class Paths {

    private Paths() {
    }

    /** Calls {@code visit} for every node with the path root … node. */
    static void walk(CascadeNode root, BiConsumer<CascadeNode, List<CascadeNode>> visit) {
        walk(root, new ArrayList<>(), visit);
    }

    private static void walk(CascadeNode node, List<CascadeNode> path,
                             BiConsumer<CascadeNode, List<CascadeNode>> visit) {
        path.add(node);
        visit.accept(node, List.copyOf(path));
        node.children().forEach(c -> walk(c, path, visit));
        path.remove(path.size() - 1);
    }

    /** "organizations → users → orders" */
    static String tables(SchemaFacts facts, List<CascadeNode> path) {
        return path.stream().map(n -> facts.name(n.table())).collect(Collectors.joining(" → "));
    }

    /** "1 organizations → ~40 users → ~1,600 orders" */
    static String chain(SchemaFacts facts, List<CascadeNode> path) {
        List<String> parts = new ArrayList<>();
        for (CascadeNode n : path) {
            parts.add((n.depth() == 0 ? "1" : rows(n)) + " " + facts.name(n.table()));
        }
        return String.join(" → ", parts);
    }

    /** "~19" or, where statistics know a heavier parent, "~19 (up to ~40)". */
    public static String rows(CascadeNode node) {
        return Numbers.approx(node.rowsPerRoot())
                + (node.heavierThanAverage() ? " (up to " + Numbers.approx(node.rowsUpTo()) + ")" : "");
    }

    static List<String> names(SchemaFacts facts, List<CascadeNode> path) {
        return path.stream().map(n -> facts.name(n.table())).toList();
    }

    static List<String> constraints(List<CascadeNode> path) {
        return path.stream().map(CascadeNode::via).filter(java.util.Objects::nonNull).map(ForeignKey::name).toList();
    }

    /** The deepest path of deleted rows, the one with more rows where two are as deep. */
    static List<CascadeNode> deepest(CascadeNode root) {
        List<List<CascadeNode>> best = new ArrayList<>();
        best.add(List.of(root));
        walk(root, (node, path) -> {
            if (!node.deletes() || node.repeat() || node.cycle()) {
                return;
            }
            List<CascadeNode> current = best.get(0);
            CascadeNode last = current.get(current.size() - 1);
            if (path.size() > current.size()
                    || (path.size() == current.size() && node.rowsPerRoot() > last.rowsPerRoot())) {
                best.set(0, path);
            }
        });
        return best.get(0);
    }
}

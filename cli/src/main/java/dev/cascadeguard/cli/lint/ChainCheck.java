package dev.cascadeguard.cli.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * One finding per cascade tree (what one root row takes with it), and the trees that go too deep: deeper than the
 * configured depth, or than InnoDB's limit of 15 levels (reachable by data wherever a cascade refers back).
 */
final class ChainCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        for (CascadeNode tree : trees) {
            List<CascadeNode> chain = Paths.deepest(tree);
            List<CascadeNode> deleted = tree.all().stream()
                    .filter(n -> n.deletes() && !n.repeat() && !n.cycle()).toList();
            double rows = deleted.stream().mapToDouble(CascadeNode::rowsPerRoot).sum();
            double upTo = deleted.stream().mapToDouble(CascadeNode::rowsUpTo).sum();
            String heaviest = upTo > rows * 1.05 + 0.5 ? " (the heaviest root row up to " + Numbers.approx(upTo) + ")"
                    : "";
            int depth = tree.deleteDepth();
            String source = sourceOf(facts, tree);
            findings.add(Finding.of(Kind.CASCADE_TREE, Paths.names(facts, chain), Paths.constraints(chain),
                    "deleting 1 row of " + facts.name(tree.table()) + " deletes " + Numbers.approx(rows) + " rows" + heaviest + " in "
                            + deleted.size() + " tables, " + depth + (depth == 1 ? " level" : " levels") + " deep: "
                            + Paths.chain(facts, chain) + " (estimates from " + source + ")"));
            if (depth > facts.maxDepth()) {
                findings.add(Finding.of(Kind.CASCADE_TOO_DEEP, Paths.names(facts, chain), Paths.constraints(chain),
                        "cascades from " + facts.name(tree.table()) + " go " + depth + " levels deep (over "
                                + facts.maxDepth() + "): " + Paths.tables(facts, chain)));
            }
            int limit = facts.semantics().maxCascadeDepth();
            if (limit > 0) {
                findings.addAll(innoDbDepth(facts, tree, chain, depth, limit));
            }
        }
        return findings;
    }

    private static List<Finding> innoDbDepth(SchemaFacts facts, CascadeNode tree, List<CascadeNode> chain, int depth,
                                             int limit) {
        if (depth > limit) {
            return List.of(Finding.of(Kind.INNODB_DEPTH_LIMIT, Paths.names(facts, chain), Paths.constraints(chain),
                    "cascades from " + facts.name(tree.table()) + " go " + depth + " levels deep; "
                            + facts.database() + " fails any delete whose cascade passes level " + limit));
        }
        List<Finding> findings = new ArrayList<>();
        Paths.walk(tree, (node, path) -> {
            if (node.cycle() && node.deletes()) {
                findings.add(Finding.of(Kind.INNODB_DEPTH_LIMIT, Paths.names(facts, path), Paths.constraints(path),
                        "the cascade " + Paths.tables(facts, path) + " refers back: a delete fails once the data "
                                + "nests more than " + limit + " levels deep").withSeverity(Severity.WARN));
            }
        });
        return findings;
    }

    private static String sourceOf(SchemaFacts facts, CascadeNode tree) {
        return tree.all().stream().map(n -> facts.rows().get(n.table())).filter(java.util.Objects::nonNull)
                .map(r -> r.source()).distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("no statistics");
    }
}

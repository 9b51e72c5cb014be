package dev.cascadeguard.cli.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cascades, SET NULLs and SET DEFAULTs that reach a table the rules protect ({@code guard.table.X.blockAbove=0}):
 * every delete at the root that reaches a row there is blocked, so the schema and the rules disagree.
 */
final class ProtectedTableCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CascadeNode tree : trees) {
            Paths.walk(tree, (node, path) -> {
                if (node.protectedBy() == null || node.depth() == 0 || node.wouldFail() || node.repeat()
                        || !seen.add(tree.table() + "→" + node.table())) {
                    return;
                }
                findings.add(Finding.of(Kind.PROTECTED_TABLE_REACHED, Paths.names(facts, path),
                        Paths.constraints(path),
                        "deleting a row of " + facts.name(tree.table()) + " reaches protected "
                                + facts.name(node.table()) + " (" + node.protectedBy() + ") through "
                                + Paths.tables(facts, path) + " (" + node.action().name() + "): the guard blocks "
                                + "every such delete that touches a row there"));
            });
        }
        return findings;
    }
}

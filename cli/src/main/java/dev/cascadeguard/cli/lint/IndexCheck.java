package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Foreign keys whose referencing columns no index leads with: every delete of a parent row then scans the whole
 * child table (to cascade, to set NULL, or only to check a RESTRICT). An index serves when its first columns are the
 * key's columns in any order; the primary key counts. Cascading keys are warnings, the others information.
 */
final class IndexCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        for (ForeignKey fk : facts.foreignKeys()) {
            if (indexed(facts, fk)) {
                continue;
            }
            boolean acts = fk.onDelete() == FkAction.CASCADE || fk.onDelete() == FkAction.SET_NULL
                    || fk.onDelete() == FkAction.SET_DEFAULT;
            String columns = String.join(", ", fk.childColumns());
            Finding finding = Finding.of(Kind.UNINDEXED_FOREIGN_KEY,
                    List.of(facts.name(fk.parent()), facts.name(fk.child())), List.of(fk.name()),
                    "no index on " + facts.name(fk.child()) + " (" + columns + ") for " + fk.name() + " (ON DELETE "
                            + fk.onDelete().name().replace('_', ' ') + "): each delete of a " + facts.name(fk.parent())
                            + " row scans ~" + Numbers.count(facts.rowsOf(fk.child())) + " rows of "
                            + facts.name(fk.child()));
            findings.add(acts ? finding : finding.withSeverity(Severity.INFO));
        }
        return findings;
    }

    /** True when an index (or the primary key) has the key's columns, in any order, as its leading columns. */
    static boolean indexed(SchemaFacts facts, ForeignKey fk) {
        List<List<String>> candidates = new ArrayList<>(facts.indexes().getOrDefault(fk.child(), List.of()));
        TableInfo child = facts.graph().table(fk.child());
        if (child != null && !child.primaryKey().isEmpty()) {
            candidates.add(child.primaryKey());
        }
        int n = fk.childColumns().size();
        for (List<String> index : candidates) {
            if (index.size() >= n && index.subList(0, n).stream()
                    .allMatch(c -> fk.childColumns().stream().anyMatch(k -> facts.sameColumn(k, c)))
                    && fk.childColumns().stream().allMatch(k -> index.subList(0, n).stream()
                    .anyMatch(c -> facts.sameColumn(k, c)))) {
                return true;
            }
        }
        return false;
    }
}

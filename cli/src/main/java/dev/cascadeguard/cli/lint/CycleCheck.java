package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.CascadeComponents;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cycles of ON DELETE CASCADE keys: strongly connected components of the cascade edges (the driver's Tarjan, as the planner uses it), and
 * self-referencing cascades (a tree of rows deleted to its leaves, which is often the point: info only).
 */
final class CycleCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        for (List<TableId> found : new CascadeComponents(facts.graph(), facts.tables()).components()) {
            if (found.size() < 2) {
                continue;
            }
            List<TableId> component = found.stream().sorted(Comparator.comparing(TableId::toString)).toList();
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
}

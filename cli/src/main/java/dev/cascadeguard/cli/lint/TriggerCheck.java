package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * ON DELETE CASCADE into a table with its own DELETE triggers (or PostgreSQL rules): the cascade fires them for every
 * row it deletes, and what they do is beyond what the foreign keys say (and beyond what the guard counts).
 */
final class TriggerCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        for (ForeignKey fk : facts.foreignKeys()) {
            TableInfo child = facts.graph().table(fk.child());
            if (fk.onDelete() == FkAction.CASCADE && child != null && child.hasDeleteTrigger()) {
                String what = facts.cascadesFireTriggers()
                        ? ", which has DELETE triggers or rules of its own: they run for every row the cascade deletes"
                        : ", which has DELETE triggers: " + facts.database() + " does not fire them for rows a "
                                + "cascade deletes, so what they do for a direct DELETE is silently skipped";
                findings.add(Finding.of(Kind.CASCADE_INTO_TRIGGER,
                        List.of(facts.name(fk.parent()), facts.name(fk.child())), List.of(fk.name()),
                        "deleting a row of " + facts.name(fk.parent()) + " cascades (" + fk.name() + ") into "
                                + facts.name(fk.child()) + what));
            }
        }
        return findings;
    }
}

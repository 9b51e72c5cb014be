package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's {@code TRUNCATE t CASCADE} empties every table that references t by any foreign key, whatever its
 * ON DELETE says, and so on down: the reach per table that others reference.
 */
final class TruncateReachCheck implements Check {

    private static final int LISTED = 8;

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        if (!facts.truncateCascades()) {
            return findings;
        }
        for (TableId table : facts.tables()) {
            Set<TableId> reached = reach(facts, table);
            if (reached.isEmpty()) {
                continue;
            }
            long rows = reached.stream().mapToLong(facts::rowsOf).sum();
            List<String> names = new ArrayList<>();
            names.add(facts.name(table));
            reached.forEach(t -> names.add(facts.name(t)));
            List<String> shown = names.subList(1, Math.min(names.size(), LISTED + 1));
            String more = names.size() - 1 > LISTED ? ", … (" + (names.size() - 1 - LISTED) + " more)" : "";
            List<String> direct = facts.graph().referencing(table).stream()
                    .filter(fk -> !fk.selfReference()).map(ForeignKey::name).toList();
            findings.add(Finding.of(Kind.TRUNCATE_CASCADE_REACH, names, direct,
                    "TRUNCATE " + facts.name(table) + " CASCADE also empties " + reached.size() + " tables ("
                            + Numbers.approx(rows) + " rows): " + String.join(", ", shown) + more));
        }
        return findings;
    }

    private static Set<TableId> reach(SchemaFacts facts, TableId start) {
        Set<TableId> reached = new LinkedHashSet<>();
        Deque<TableId> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (ForeignKey fk : facts.graph().referencing(queue.poll())) {
                if (!fk.child().equals(start) && reached.add(fk.child())) {
                    queue.add(fk.child());
                }
            }
        }
        return reached;
    }
}

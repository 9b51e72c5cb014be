package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a DELETE leaves pointing at nothing when the connection enforces no foreign keys (SQLite's
 * {@code PRAGMA foreign_keys} off, MariaDB's {@code foreign_key_checks = 0}): nothing cascades and nothing is
 * refused, so every row that references a deleted row through any declared key, whatever its ON DELETE action,
 * stays and points at a row that is gone. One count per referencing table, a row referencing through several keys
 * counted once; part of the statement's single counting query.
 */
final class OrphanCounts {

    /** One count: what it counts and the SELECT of its rows. */
    record Count(Item item, String rowsSelect) {
    }

    private OrphanCounts() {
    }

    /**
     * @param targetRows the CTE of the rows the statement deletes (carrying every column a key references)
     */
    static List<Count> of(CascadePlan plan, FkGraph graph, CountSql sql, String targetRows) {
        TableId target = plan.target();
        Map<TableId, List<ForeignKey>> byChild = new LinkedHashMap<>();
        for (ForeignKey fk : graph.referencing(target)) {
            byChild.computeIfAbsent(fk.child(), k -> new ArrayList<>()).add(fk);
        }
        List<Count> counts = new ArrayList<>();
        byChild.forEach((child, keys) -> {
            List<String> refs = new ArrayList<>();
            keys.forEach(fk -> refs.add(sql.references(fk, targetRows, "cg_x")));
            String where = "(" + String.join(" OR ", refs) + ")";
            boolean approximate = false;
            if (child.equals(target)) {
                // a self-reference: the rows the statement deletes are gone, not left dangling
                if (sql.hasIdentity(child)) {
                    where += " AND NOT " + sql.memberOf(child, targetRows, "cg_x");
                } else {
                    approximate = true;
                }
            }
            Item item = new Item(ItemKind.ORPHAN, child, 1, List.of(target, child), keys, approximate);
            counts.add(new Count(item, "SELECT 1 FROM " + sql.qualified(child) + " cg_x WHERE " + where));
        });
        return counts;
    }
}

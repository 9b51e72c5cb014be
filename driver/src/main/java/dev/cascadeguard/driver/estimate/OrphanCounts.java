package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a DELETE leaves pointing at nothing when the connection enforces no foreign keys (SQLite's
 * {@code PRAGMA foreign_keys} off, MariaDB's {@code foreign_key_checks = 0}): nothing cascades and nothing is
 * refused, so every row that references a deleted row through any declared key, whatever its ON DELETE action,
 * stays and points at a row that is gone. One count per referencing table, a row referencing through several keys
 * counted once; part of the statement's single counting query. A TRUNCATE or DROP TABLE then succeeds too (no
 * implicit DELETE on SQLite, no refusal on MariaDB), and every row that referenced an existing row of an emptied
 * table is left pointing at nothing.
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

    /**
     * For statements that empty or drop whole tables: per table outside {@code emptied} that references one of them,
     * its rows that point at an existing row there (a row that already pointed at nothing is not the statement's).
     *
     * @param firstItem the number of the first item, so the query can follow another's items
     */
    static CountQuery forWholeTables(Collection<TableId> emptied, FkGraph graph, Dialect dialect, long cap,
                                     int firstItem) {
        Map<TableId, List<ForeignKey>> byChild = new LinkedHashMap<>();
        for (TableId parent : emptied) {
            for (ForeignKey fk : graph.referencing(parent)) {
                if (!emptied.contains(fk.child())) {
                    byChild.computeIfAbsent(fk.child(), k -> new ArrayList<>()).add(fk);
                }
            }
        }
        List<Item> items = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        List<String> rowSelects = new ArrayList<>();
        String limit = cap == CountQueryBuilder.UNBOUNDED ? "" : dialect.limit(cap);
        byChild.forEach((child, keys) -> {
            List<String> refs = new ArrayList<>();
            for (ForeignKey fk : keys) {
                List<String> same = new ArrayList<>();
                for (int i = 0; i < fk.childColumns().size(); i++) {
                    same.add("cg_p." + dialect.quote(fk.parentColumns().get(i)) + " = cg_x."
                            + dialect.quote(fk.childColumns().get(i)));
                }
                refs.add("EXISTS (SELECT 1 FROM " + dialect.qualified(fk.parent()) + " cg_p WHERE "
                        + String.join(" AND ", same) + ")");
            }
            String rows = "SELECT 1 FROM " + dialect.qualified(child) + " cg_x WHERE " + String.join(" OR ", refs);
            int item = firstItem + items.size();
            counts.add("SELECT " + item + " AS cg_item, COUNT(*) AS cg_rows FROM (" + rows + limit + ") cg_c" + item);
            items.add(new Item(ItemKind.ORPHAN, child, 1, List.of(keys.get(0).parent(), child), keys, false));
            rowSelects.add(rows);
        });
        return new CountQuery(String.join(" UNION ALL ", counts), List.of(), items, "", rowSelects);
    }
}

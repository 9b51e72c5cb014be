package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counting queries for statements that empty whole tables: TRUNCATE (which fires no ON DELETE action: without
 * CASCADE it fails while another table references the truncated one; PostgreSQL's CASCADE empties every
 * referencing table, whatever its action) and DROP TABLE (which takes every row with it; referencing rows stay,
 * and without CASCADE the drop fails).
 */
final class WholeTableCounts {

    private WholeTableCounts() {
    }

    /**
     * @param tables         the tables named by the statement
     * @param followAll      true for TRUNCATE ... CASCADE: referencing tables are emptied too, recursively
     * @param referencesFail true when a reference from a table outside the statement makes it fail
     */
    static CountQuery build(List<TableId> tables, boolean followAll, boolean referencesFail, FkGraph graph,
                            Dialect dialect, long cap) {
        Map<TableId, List<TableId>> emptied = new LinkedHashMap<>();
        for (TableId t : tables) {
            emptied.putIfAbsent(t, List.of(t));
        }
        if (followAll) {
            List<TableId> queue = new ArrayList<>(emptied.keySet());
            for (int i = 0; i < queue.size(); i++) {
                TableId parent = queue.get(i);
                for (ForeignKey fk : graph.referencing(parent)) {
                    if (!emptied.containsKey(fk.child())) {
                        List<TableId> path = new ArrayList<>(emptied.get(parent));
                        path.add(fk.child());
                        emptied.put(fk.child(), List.copyOf(path));
                        queue.add(fk.child());
                    }
                }
            }
        }
        List<Item> items = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        List<String> rowSelects = new ArrayList<>();
        String limit = cap == CountQueryBuilder.UNBOUNDED ? "" : dialect.limit(cap);
        emptied.forEach((table, path) -> {
            counts.add("SELECT " + items.size() + " AS cg_item, COUNT(*) AS cg_rows FROM (SELECT 1 FROM "
                    + dialect.qualified(table) + limit + ") cg_c" + items.size());
            items.add(new Item(ItemKind.DELETE, table, path.size() - 1, path, List.of(), false));
            rowSelects.add("SELECT 1 FROM " + dialect.qualified(table));
        });
        if (referencesFail) {
            for (TableId parent : List.copyOf(emptied.keySet())) {
                for (ForeignKey fk : graph.referencing(parent)) {
                    if (emptied.containsKey(fk.child())) {
                        continue;
                    }
                    StringBuilder notNull = new StringBuilder();
                    for (String c : fk.childColumns()) {
                        notNull.append(notNull.isEmpty() ? "" : " AND ").append(dialect.quote(c)).append(" IS NOT NULL");
                    }
                    counts.add("SELECT " + items.size() + " AS cg_item, COUNT(*) AS cg_rows FROM (SELECT 1 FROM "
                            + dialect.qualified(fk.child()) + " WHERE " + notNull + limit + ") cg_c" + items.size());
                    items.add(new Item(ItemKind.RESTRICT, fk.child(), 1, List.of(parent, fk.child()), List.of(fk),
                            false));
                    rowSelects.add("SELECT 1 FROM " + dialect.qualified(fk.child()) + " WHERE " + notNull);
                }
            }
        }
        return new CountQuery(String.join(" UNION ALL ", counts), List.of(), items, "", rowSelects);
    }

}

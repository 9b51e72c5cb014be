package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counting queries for dropped columns ({@code ALTER TABLE ... DROP COLUMN}, PostgreSQL's {@code DROP TYPE ...
 * CASCADE}): the rows that lose a value are those holding one in any of the dropped columns. A row whose dropped
 * columns are all NULL loses nothing.
 */
final class ColumnDrops {

    private ColumnDrops() {
    }

    /**
     * @param columns   per table, the dropped columns as SQL (quoted for the dialect, or as the statement wrote them)
     * @param firstItem the number of the first item, so the query can follow another's items
     */
    static CountQuery build(Map<TableId, List<String>> columns, Dialect dialect, long cap, int firstItem) {
        List<Item> items = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        List<String> rowSelects = new ArrayList<>();
        String limit = cap == CountQueryBuilder.UNBOUNDED ? "" : dialect.limit(cap);
        columns.forEach((table, dropped) -> {
            StringBuilder holdsValue = new StringBuilder();
            for (String c : dropped) {
                holdsValue.append(holdsValue.isEmpty() ? "" : " OR ").append(c).append(" IS NOT NULL");
            }
            String rows = "SELECT 1 FROM " + dialect.qualified(table) + " WHERE " + holdsValue;
            int item = firstItem + items.size();
            counts.add("SELECT " + item + " AS cg_item, COUNT(*) AS cg_rows FROM (" + rows + limit + ") cg_c" + item);
            items.add(new Item(ItemKind.DROP_COLUMN, table, 0, List.of(table), List.of(), false));
            rowSelects.add(rows);
        });
        return new CountQuery(String.join(" UNION ALL ", counts), List.of(), items, "", rowSelects);
    }
}

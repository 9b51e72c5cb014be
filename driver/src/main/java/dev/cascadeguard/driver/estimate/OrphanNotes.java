package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.report.RowFormat;

import java.util.Set;
import java.util.function.Function;

/**
 * The plain words of a report on a connection that enforces no foreign keys: which rows {@link OrphanCounts}
 * found left pointing at deleted rows, table by table, or that none are.
 */
final class OrphanNotes {

    static final String PREFIX = "foreign keys are off on this connection: ";

    private OrphanNotes() {
    }

    static void add(CountQuery query, long[] counts, Estimator.Request request, Function<TableId, String> display,
                    Set<String> notes) {
        boolean any = false;
        for (int i = 0; i < counts.length; i++) {
            Item item = query.items().get(i);
            long rows = counts[i];
            if (item.kind() != ItemKind.ORPHAN || rows == 0) {
                continue;
            }
            any = true;
            boolean capped = request.cap() != Estimator.EXACT && rows >= request.cap();
            boolean one = rows == 1 && !capped;
            notes.add(PREFIX + RowFormat.rows(rows, !item.approximate(), capped) + " in " + display.apply(item.table())
                    + " will point at " + (one ? "a missing row" : "missing rows") + " in "
                    + display.apply(item.path().get(0)));
        }
        if (!any) {
            notes.add(PREFIX + "nothing cascades, nothing is refused, and no row is left pointing at a deleted one");
        }
    }
}

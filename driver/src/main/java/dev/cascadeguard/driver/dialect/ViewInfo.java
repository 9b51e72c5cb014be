package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.plan.TableId;

import java.util.List;

/**
 * A view a DELETE names, as the catalog describes it: what the guard needs to tell whether the database deletes
 * the rows of one base table through it, and which.
 *
 * @param id           the view as the catalog names it
 * @param definition   its SELECT as the catalog prints it (names qualified where the database qualifies them)
 * @param reads        the relations the definition reads, where its printed names may be unqualified (PostgreSQL
 *                     prints them relative to the search path); empty where the definition qualifies every name
 * @param notDeletable why the database does not delete through it as through its base table by itself (an INSTEAD
 *                     OF trigger, a rule, not updatable, views never updatable): then what a DELETE does is code
 *                     or a refusal, not the base table's cascade. Null when the database deletes the base rows
 * @param notUpdatable the same for an UPDATE through it (INSTEAD OF UPDATE trigger, rule ON UPDATE ...)
 */
public record ViewInfo(TableId id, String definition, List<TableId> reads, String notDeletable,
                       String notUpdatable) {
    public ViewInfo {
        reads = List.copyOf(reads);
    }

    /** A view the database acts through by itself for neither DELETE nor UPDATE. */
    public static ViewInfo notThrough(TableId id, String whyNotDelete, String whyNotUpdate) {
        return new ViewInfo(id, "", List.of(), whyNotDelete, whyNotUpdate);
    }
}

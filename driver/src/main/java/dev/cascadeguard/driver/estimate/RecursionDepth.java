package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.List;

/**
 * How deep a recursive count goes where the database's recursive UNION does not discard rows it has produced (H2,
 * and the generic path): there a depth column bounds the recursion, and {@code SELECT DISTINCT} makes each depth a
 * set of rows, so rows reached by several paths do not multiply from one depth to the next.
 */
final class RecursionDepth {

    /** The deepest level followed whatever the tables hold: deeper rows make the count a lower bound. */
    static final int MAX = 1000;

    private RecursionDepth() {
    }

    /**
     * The bound for recursion over {@code tables}: every row it can reach lies on a path that visits no row twice,
     * so no deeper than the tables hold rows; following that far is exact, and cheap where the tables are small.
     */
    static String bound(Dialect dialect, List<TableId> tables) {
        List<String> counts = new ArrayList<>();
        tables.forEach(t -> counts.add("(SELECT COUNT(*) FROM " + dialect.qualified(t) + ")"));
        return "LEAST(" + MAX + ", " + String.join(" + ", counts) + ")";
    }
}

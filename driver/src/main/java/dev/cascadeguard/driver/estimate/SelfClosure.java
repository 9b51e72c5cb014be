package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.CascadePlan.DeleteNode;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.List;

/**
 * A self-referencing table's cascade as a recursive CTE: the anchor's rows, then every row below them. UNION, not
 * UNION ALL: a cycle in the data (row 1 → 2 → 1) must end, and a row is counted once. Where the database's UNION
 * does not end recursion (H2), a depth column bounds it ({@link RecursionDepth}) and a frontier check says whether
 * it went deep enough.
 */
final class SelfClosure {

    private final DeleteNode node;
    private final Dialect dialect;
    private final CountSql countSql;
    private final String name;
    private final String lock;

    /** @param lock the dialect's locking-read clause for the SELECTs that read the table, or "" */
    SelfClosure(DeleteNode node, Dialect dialect, CountSql countSql, String name, String lock) {
        this.node = node;
        this.dialect = dialect;
        this.countSql = countSql;
        this.name = name;
        this.lock = lock;
    }

    /** The recursive CTE's definition, starting from the rows of the CTE {@code anchorCte}. */
    String definition(String anchorCte) {
        TableId table = node.table();
        List<String> joins = new ArrayList<>();
        for (ForeignKey fk : node.selfLoops()) {
            joins.add(countSql.joins(fk, "cg_p", "cg_x"));
        }
        String from = " FROM " + dialect.qualified(table) + " cg_x JOIN " + name + " cg_p ON ("
                + String.join(" OR ", joins) + ")";
        String cols = countSql.columnList(table);
        if (dialect.recursiveUnionDeduplicates()) {
            return name + cols + " AS (SELECT * FROM " + anchorCte + " UNION SELECT "
                    + countSql.selectList(table, "cg_x") + from + lock + ")";
        }
        String withDepth = cols.substring(0, cols.length() - 1) + ", cg_depth)";
        return name + withDepth + " AS (SELECT " + anchorCte + ".*, 0 FROM " + anchorCte + " UNION ALL SELECT DISTINCT "
                + countSql.selectList(table, "cg_x") + ", cg_p.cg_depth + 1" + from + " WHERE cg_p.cg_depth < "
                + RecursionDepth.bound(dialect, List.of(table)) + lock + ")";
    }

    /** The SELECT of the closure's rows, in the column order of the table's CTE. */
    String rows() {
        if (dialect.recursiveUnionDeduplicates()) {
            return "SELECT * FROM " + name;
        }
        String cols = countSql.columnList(node.table());
        return "SELECT DISTINCT " + cols.substring(1, cols.length() - 1) + " FROM " + name;
    }

    /**
     * Rows first reached at the last depth followed, or null where the recursion ends by itself. Rows at the last
     * depth that were all found before add nothing new below them (their children were found too).
     */
    String frontierSelect() {
        if (dialect.recursiveUnionDeduplicates()) {
            return null;
        }
        TableId table = node.table();
        String same = countSql.hasIdentity(table) ? countSql.sameRowInCtes(table, "cg_f", "cg_g") : "1 = 0";
        return "SELECT 1 FROM " + name + " cg_f WHERE cg_f.cg_depth = " + RecursionDepth.MAX
                + " AND NOT EXISTS (SELECT 1 FROM " + name + " cg_g WHERE cg_g.cg_depth < " + RecursionDepth.MAX
                + " AND " + same + ")";
    }
}

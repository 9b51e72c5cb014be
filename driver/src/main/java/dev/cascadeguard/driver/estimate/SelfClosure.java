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
        String from = " FROM " + dialect.qualified(table) + " cg_x JOIN " + name + " cg_p ON (" + childOf() + ")";
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

    /**
     * A CTE named {@code depthName} following the self-reference from {@code anchorCte}'s rows at most
     * {@code levels} deep, and the SELECT of the rows it reaches at exactly that depth: where the database refuses
     * a cascade that deep (InnoDB, 15 levels), any such row fails the statement. UNION ALL with a depth column:
     * a row reached along several paths is counted at each of its depths, the deepest one included, so the check
     * may predict a failure the engine's own order avoids, never miss one.
     *
     * @return {definition, select}
     */
    String[] depthCheck(String anchorCte, String depthName, int levels) {
        TableId table = node.table();
        String cols = countSql.columnList(table);
        String withDepth = cols.substring(0, cols.length() - 1) + ", cg_depth, cg_path)";
        // the engine stops at a row it is already deleting, so a path through a cycle of rows ends where it repeats
        // a row: the path carries the keys it went through (MariaDB SQL: only InnoDB limits cascade depth)
        List<String> key = countSql.identity(table);
        String anchorKey = key.isEmpty() ? "''" : keyText(key, anchorCte);
        String rowKey = key.isEmpty() ? "''" : keyText(key, "cg_x");
        String repeats = key.isEmpty() ? "" : " AND LOCATE(CONCAT(',', " + rowKey + ", ','), cg_p.cg_path) = 0";
        String definition = depthName + withDepth + " AS (SELECT " + anchorCte + ".*, 0, CAST(CONCAT(',', "
                + anchorKey + ", ',') AS CHAR(4000)) FROM " + anchorCte + " UNION ALL SELECT "
                + countSql.selectList(table, "cg_x") + ", cg_p.cg_depth + 1, CONCAT(cg_p.cg_path, " + rowKey
                + ", ',') FROM " + dialect.qualified(table) + " cg_x JOIN " + depthName + " cg_p ON (" + childOf()
                + ") WHERE cg_p.cg_depth < " + levels + repeats + lock + ")";
        return new String[] {definition, "SELECT 1 FROM " + depthName + " WHERE cg_depth = " + levels};
    }

    /** The row under cg_x references the row under cg_p through one of the table's self-references. */
    private String childOf() {
        List<String> joins = new ArrayList<>();
        for (ForeignKey fk : node.selfLoops()) {
            joins.add(countSql.joins(fk, "cg_p", "cg_x"));
        }
        return String.join(" OR ", joins);
    }

    private String keyText(List<String> key, String alias) {
        List<String> parts = new ArrayList<>();
        key.forEach(c -> parts.add(alias + "." + dialect.quote(c)));
        return "CONCAT_WS('|', " + String.join(", ", parts) + ")";
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

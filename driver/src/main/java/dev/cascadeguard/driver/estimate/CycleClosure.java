package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cycle of cascades through several tables (a → b → a …, self-references inside it included) as one recursive
 * CTE, followed to its end at any depth: a database cannot recurse through several CTEs at once (PostgreSQL refuses
 * mutual recursion, and a recursive term may read the recursive CTE only once), so every table of the cycle shares
 * one CTE. Each row carries {@code cg_t}, the index of its table, and one column ("slot") per column its table
 * carries; the slots of the other tables are NULL. The recursive term reads the previous rows once, fans out to one
 * row per table of the cycle ({@code cg_e}), and left-joins each table to its parents' rows: only the table whose
 * index the fan-out row holds can match, so each output row is one child row.
 * <p>
 * Where the database's recursive UNION removes duplicates (PostgreSQL, MariaDB, SQLite), the recursion ends by
 * itself on any data, cyclic rows included, and every row is counted once. Where it does not (H2), a depth column
 * bounds it ({@link RecursionDepth}); only rows first reached at the last depth make the count a lower bound
 * ({@link #frontierSelect()}).
 */
final class CycleClosure {

    private final List<TableId> cycle;
    private final FkGraph graph;
    private final Dialect dialect;
    private final CountSql countSql;
    private final String name;
    private final boolean depthBounded;
    /** The dialect's locking-read clause for every SELECT that reads a table (MariaDB in a transaction), or "". */
    private final String lock;

    /**
     * @param cycle the tables of the cycle, in plan order
     * @param name  the recursive CTE's name
     * @param lock  the locking-read clause for the SELECTs that read a table, or ""
     */
    CycleClosure(List<TableId> cycle, FkGraph graph, Dialect dialect, CountSql countSql, String name, String lock) {
        this.cycle = List.copyOf(cycle);
        this.graph = graph;
        this.dialect = dialect;
        this.countSql = countSql;
        this.name = name;
        this.depthBounded = !dialect.recursiveUnionDeduplicates();
        this.lock = lock;
    }

    String name() {
        return name;
    }

    /**
     * The recursive CTE's definition ({@code name(columns) AS (...)}).
     *
     * @param entries for each table of the cycle, the rows that enter it from outside the cycle (or the statement's
     *                own rows), as a FROM-clause item and the alias its carried columns are read under
     * @param ofCte   for each table, true when its entry rows come from a CTE of that table (columns named as the
     *                table's own, row id as {@code cg_rowid}) rather than from the table itself
     */
    String definition(Map<TableId, String> entries, Map<TableId, Boolean> ofCte) {
        String union = depthBounded ? " UNION ALL " : " UNION ";
        List<String> anchors = new ArrayList<>();
        // an empty first branch gives every slot its column's type: PostgreSQL resolves a UNION's types pair by
        // pair, and NULL against NULL would become text before a later branch's integer
        // (named, because the anchors are read as one derived table)
        List<String> typing = new ArrayList<>(List.of("-1 AS cg_t"));
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            List<String> columns = countSql.carriedColumns(cycle.get(i), "cg_v" + i, false);
            List<String> slots = slots(i);
            for (int c = 0; c < columns.size(); c++) {
                typing.add(columns.get(c) + " AS " + slots.get(c));
            }
            tables.add(dialect.qualified(cycle.get(i)) + " cg_v" + i);
        }
        anchors.add(locked("SELECT " + String.join(", ", typing) + (depthBounded ? ", 0 AS cg_depth" : "")
                + " FROM " + String.join(", ", tables) + " WHERE 1 = 0", "cg_b0"));
        for (int i = 0; i < cycle.size(); i++) {
            TableId table = cycle.get(i);
            List<String> own = countSql.carriedColumns(table, "cg_x", ofCte.get(table));
            anchors.add(locked("SELECT " + i + " AS cg_t, " + String.join(", ", rowOf(i, own))
                    + (depthBounded ? ", 0 AS cg_depth" : "") + " FROM " + entries.get(table), "cg_b" + (i + 1)));
        }
        // the anchors as one derived table: HSQLDB refuses several non-recursive branches before the recursive one
        return name + columnList() + " AS (SELECT * FROM (" + String.join(union, anchors) + ") cg_a" + union
                + recursiveTerm() + ")";
    }

    /** {@code select} as a member of a UNION, with the lock clause (MariaDB takes it there only in a derived table). */
    private String locked(String select, String alias) {
        return lock.isEmpty() ? select : "SELECT * FROM (" + select + lock + ") " + alias;
    }

    /** The closure's column list, for a CTE that reads it whole. */
    String columnList() {
        List<String> header = new ArrayList<>(List.of("cg_t"));
        for (int i = 0; i < cycle.size(); i++) {
            header.addAll(slots(i));
        }
        if (depthBounded) {
            header.add("cg_depth");
        }
        return "(" + String.join(", ", header) + ")";
    }

    /** True where the recursion ends by itself: the closure then holds each row once, and a LIMIT stops it early. */
    boolean rowsDistinct() {
        return !depthBounded;
    }

    /** The SELECT of table {@code table}'s rows in {@code source} (the closure, or a CTE of it), in its CTE's order. */
    String rowsOf(TableId table, String source) {
        int i = cycle.indexOf(table);
        return "SELECT " + (depthBounded ? "DISTINCT " : "") + String.join(", ", slots(i)) + " FROM " + source
                + " WHERE cg_t = " + i;
    }

    /**
     * Rows first reached at the last depth followed (more may lie below them), or null where the recursion ends by
     * itself. A row at the last depth that was also reached earlier adds nothing: its children were reached too, so
     * cyclic data followed to the last depth is still counted exactly.
     */
    String frontierSelect() {
        if (!depthBounded) {
            return null;
        }
        int max = RecursionDepth.MAX;
        List<String> same = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            List<String> carried = countSql.carriedNames(cycle.get(i));
            List<String> identity = countSql.identity(cycle.get(i)).isEmpty()
                    ? (carried.contains("cg_rowid") ? List.of("cg_rowid") : carried)
                    : countSql.identity(cycle.get(i));
            List<String> pairs = new ArrayList<>(List.of("cg_f.cg_t = " + i));
            for (String column : identity) {
                String slot = slotName(i, carried.indexOf(column));
                pairs.add("cg_g." + slot + " = cg_f." + slot);
            }
            same.add("(" + String.join(" AND ", pairs) + ")");
        }
        return "SELECT 1 FROM " + name + " cg_f WHERE cg_f.cg_depth = " + max + " AND NOT EXISTS (SELECT 1 FROM "
                + name + " cg_g WHERE cg_g.cg_depth < " + max + " AND cg_g.cg_t = cg_f.cg_t AND ("
                + String.join(" OR ", same) + "))";
    }

    private String recursiveTerm() {
        List<String> select = new ArrayList<>(List.of("cg_e.cg_t"));
        List<String> joins = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            TableId table = cycle.get(i);
            String alias = "cg_j" + i;
            select.addAll(countSql.carriedColumns(table, alias, false));
            List<String> edges = new ArrayList<>();
            List<String> edgeMatched = new ArrayList<>();
            for (int p = 0; p < cycle.size(); p++) {
                for (ForeignKey fk : graph.referencing(cycle.get(p))) {
                    if (fk.onDelete() == FkAction.CASCADE && fk.child().equals(table)) {
                        edges.add("cg_p.cg_t = " + p + " AND " + referencesSlots(fk, alias, p));
                        // a row the join matched has this key's columns equal to its parent's: not NULL
                        edgeMatched.add(alias + "." + dialect.quote(fk.childColumns().get(0)) + " IS NOT NULL");
                    }
                }
            }
            if (edges.isEmpty()) {
                continue; // entered only from outside the cycle's recursion (cannot happen in a strong component)
            }
            joins.add(" LEFT JOIN " + dialect.qualified(table) + " " + alias + " ON cg_e.cg_t = " + i + " AND ("
                    + String.join(" OR ", edges.stream().map(e -> "(" + e + ")").toList()) + ")");
            matched.add("(" + String.join(" OR ", edgeMatched) + ")");
        }
        if (depthBounded) {
            select.add("cg_p.cg_depth + 1");
        }
        String where = "(" + String.join(" OR ", matched) + ")"
                + (depthBounded ? " AND cg_p.cg_depth < " + RecursionDepth.bound(dialect, cycle) : "");
        // DISTINCT where the UNION keeps duplicates (H2): each depth is then a set of rows, so rows reached by
        // several paths do not multiply from one depth to the next
        return "SELECT " + (depthBounded ? "DISTINCT " : "") + String.join(", ", select) + " FROM " + name
                + " cg_p JOIN " + dialect.integerRows(cycle.size(), "cg_e") + " ON 1 = 1" + String.join("", joins)
                + " WHERE " + where + lock;
    }

    /** The child row under {@code alias} references, through {@code fk}, the parent row whose slots cg_p holds. */
    private String referencesSlots(ForeignKey fk, String alias, int parentIndex) {
        List<String> carried = countSql.carriedNames(cycle.get(parentIndex));
        List<String> pairs = new ArrayList<>();
        for (int c = 0; c < fk.childColumns().size(); c++) {
            int slot = carried.indexOf(fk.parentColumns().get(c));
            pairs.add(alias + "." + dialect.quote(fk.childColumns().get(c)) + " = cg_p." + slotName(parentIndex, slot));
        }
        return String.join(" AND ", pairs);
    }

    /**
     * One row of the closure: table {@code index}'s own columns in its slots, NULL in every other table's, each
     * named (a derived table, as MariaDB's locking reads need, takes no two columns named "NULL").
     */
    private List<String> rowOf(int index, List<String> own) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            List<String> slots = slots(i);
            for (int s = 0; s < slots.size(); s++) {
                row.add((i == index ? own.get(s) : "NULL") + " AS " + slots.get(s));
            }
        }
        return row;
    }

    private List<String> slots(int index) {
        List<String> slots = new ArrayList<>();
        int n = countSql.carriedNames(cycle.get(index)).size();
        for (int s = 0; s < n; s++) {
            slots.add(slotName(index, s));
        }
        return slots;
    }

    private static String slotName(int table, int slot) {
        return "cg_s" + table + "_" + slot;
    }
}

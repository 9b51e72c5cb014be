package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL vocabulary of one counting query: which columns a deleted table's CTE carries, how a row is identified,
 * and the one way "these columns match a row over there" is written, as the dialect prefers it.
 */
final class CountSql {

    private final FkGraph graph;
    private final Dialect dialect;
    private final Map<TableId, List<String>> columnsOf = new HashMap<>();

    CountSql(CascadePlan plan, FkGraph graph, Dialect dialect) {
        this.graph = graph;
        this.dialect = dialect;
        // a deleted table's CTE carries its identity and the keys its children reference, nothing more
        for (CascadePlan.DeleteNode node : plan.deletes()) {
            Set<String> cols = new LinkedHashSet<>(identity(node.table()));
            for (ForeignKey fk : graph.referencing(node.table())) {
                cols.addAll(fk.parentColumns());
            }
            columnsOf.put(node.table(), List.copyOf(cols));
        }
    }

    /** Primary key columns, or empty: then the dialect's row identity (if any) stands in. */
    List<String> identity(TableId table) {
        TableInfo info = graph.table(table);
        return info == null ? List.of() : info.primaryKey();
    }

    boolean hasIdentity(TableId table) {
        return !identity(table).isEmpty() || dialect.rowIdentity().isPresent();
    }

    private boolean usesRowIdentity(TableId table) {
        return identity(table).isEmpty() && dialect.rowIdentity().isPresent();
    }

    String quote(String identifier) {
        return dialect.quote(identifier);
    }

    String qualified(TableId table) {
        return dialect.qualified(table);
    }

    /** The SELECT list of a table's CTE, read from the table (or CTE) under {@code alias}. */
    String selectList(TableId table, String alias) {
        List<String> items = new ArrayList<>(columns(columnsOf.get(table), alias));
        if (usesRowIdentity(table)) {
            items.add(alias + "." + dialect.rowIdentity().orElseThrow() + " AS cg_rowid");
        }
        return items.isEmpty() ? "1 AS cg_one" : String.join(", ", items);
    }

    /** The names of the columns a deleted table's CTE carries, {@code cg_rowid} standing for a row id. */
    List<String> carriedNames(TableId table) {
        List<String> names = new ArrayList<>(columnsOf.get(table));
        if (usesRowIdentity(table)) {
            names.add("cg_rowid");
        }
        return names;
    }

    /**
     * The carried columns read under {@code alias}, one expression each, in {@link #carriedNames} order;
     * {@code ofCte} when {@code alias} is a CTE of the table (its row id is then named cg_rowid).
     */
    List<String> carriedColumns(TableId table, String alias, boolean ofCte) {
        List<String> items = new ArrayList<>(columns(columnsOf.get(table), alias));
        if (usesRowIdentity(table)) {
            items.add(alias + "." + (ofCte ? "cg_rowid" : dialect.rowIdentity().orElseThrow()));
        }
        return items;
    }

    /** The CTE's column list: H2 requires one on every CTE of a WITH RECURSIVE, the others accept it. */
    String columnList(TableId table) {
        List<String> names = new ArrayList<>();
        columnsOf.get(table).forEach(c -> names.add(dialect.quote(c)));
        if (usesRowIdentity(table)) {
            names.add("cg_rowid");
        }
        return "(" + String.join(", ", names.isEmpty() ? List.of("cg_one") : names) + ")";
    }

    /** {@code alias}'s identity columns; {@code ofCte} when {@code alias} is a CTE, which names a row id cg_rowid. */
    private List<String> identityColumns(TableId table, String alias, boolean ofCte) {
        List<String> id = identity(table);
        if (id.isEmpty()) {
            return List.of(alias + "." + (ofCte ? "cg_rowid" : dialect.rowIdentity().orElseThrow()));
        }
        return columns(id, alias);
    }

    private List<String> columns(List<String> names, String alias) {
        List<String> qualified = new ArrayList<>();
        names.forEach(c -> qualified.add(alias + "." + dialect.quote(c)));
        return qualified;
    }

    /** {@code alias} holds a row of {@code table}, not the NULLs an outer join puts where it has none. */
    String present(TableId table, String alias) {
        return identityColumns(table, alias, false).get(0) + " IS NOT NULL";
    }

    /** Two rows of {@code table} read under two aliases are the same row. */
    String sameRow(TableId table, String left, String right) {
        return equal(identityColumns(table, left, false), identityColumns(table, right, false));
    }

    /** Two rows of {@code table} read under two aliases of CTEs that carry its columns are the same row. */
    String sameRowInCtes(TableId table, String left, String right) {
        return equal(identityColumns(table, left, true), identityColumns(table, right, true));
    }

    /** {@code alias}'s row is in the CTE {@code cte} of {@code table}, compared by identity. */
    String memberOf(TableId table, String cte, String alias) {
        return matches(identityColumns(table, alias, false), identityColumns(table, "cg_m", true), cte + " cg_m", null);
    }

    /** The referencing row {@code alias} points at a row of {@code parentRows} (a CTE of the parent) through {@code fk}. */
    String references(ForeignKey fk, String parentRows, String alias) {
        return matches(columns(fk.childColumns(), alias), columns(fk.parentColumns(), "cg_p"), parentRows + " cg_p", null);
    }

    /** The referencing row {@code alias} points through {@code fk} at a row of its parent table that {@code filter} (over cg_x) selects. */
    String referencesParentWhere(ForeignKey fk, String alias, String filter) {
        return matches(columns(fk.childColumns(), alias), columns(fk.parentColumns(), "cg_x"),
                qualified(fk.parent()) + " cg_x", filter);
    }

    /** Join condition: the row under {@code childAlias} references the row under {@code parentAlias} through fk. */
    String joins(ForeignKey fk, String parentAlias, String childAlias) {
        return equal(columns(fk.childColumns(), childAlias), columns(fk.parentColumns(), parentAlias));
    }

    private static String equal(List<String> left, List<String> right) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            pairs.add(left.get(i) + " = " + right.get(i));
        }
        return "(" + String.join(" AND ", pairs) + ")";
    }

    /**
     * {@code left} (columns of the outer row) equals {@code right} (columns of some row of {@code from} that
     * {@code filter} keeps, when given). A NULL key column matches nothing either way (MATCH SIMPLE). H2 evaluates
     * an uncorrelated IN once but re-runs a correlated EXISTS, CTE chain included, for every row; MariaDB refuses
     * IN over a sub-query with LIMIT, which bounded counting uses: the dialect chooses.
     */
    private String matches(List<String> left, List<String> right, String from, String filter) {
        String where = filter == null ? "" : " WHERE " + filter;
        if (dialect.prefersInSubqueries()) {
            String l = left.size() == 1 ? left.get(0) : "(" + String.join(", ", left) + ")";
            return l + " IN (SELECT " + String.join(", ", right) + " FROM " + from + where + ")";
        }
        String eq = equal(right, left);
        return "EXISTS (SELECT 1 FROM " + from + (filter == null ? " WHERE " + eq : where + " AND " + eq) + ")";
    }
}

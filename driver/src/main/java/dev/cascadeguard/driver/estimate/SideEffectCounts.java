package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.CascadeSemantics;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlan.DeleteNode;
import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts of what a delete does besides deleting: rows SET NULL or SET DEFAULT rewrites, the RESTRICT / NO ACTION
 * references that refuse it ({@link RestrictOrder}), and the checks behind them (a SET DEFAULT value with no parent
 * left, a rewritten column another key references, a cascaded row also changed). Each is one item of the counting
 * query, read from the deleted tables' CTEs ({@link CountQueryBuilder}).
 */
final class SideEffectCounts {

    /** Adds one item of the counting query: the rows {@code rowsSelect} selects. */
    @FunctionalInterface
    interface Counter {
        void count(Item item, String rowsSelect);
    }

    /** A catalog default that is a plain constant (number or string, maybe with a PostgreSQL cast). */
    private static final java.util.regex.Pattern LITERAL_DEFAULT = java.util.regex.Pattern.compile(
            "\\(*(-?\\d+(\\.\\d+)?|'([^']|'')*')\\)*(::[\\w ]+)?");

    private final CascadePlan plan;
    private final FkGraph graph;
    private final Dialect dialect;
    private final CascadeSemantics semantics;
    private final CountSql countSql;
    private final Map<TableId, String> cteOf;
    private final String targetRowsCte;
    private final RestrictOrder restrictOrder;
    private final Counter counter;

    /**
     * @param cteOf         each deleted table's CTE of the rows it loses
     * @param targetRowsCte the CTE of the rows the statement itself names
     */
    SideEffectCounts(CascadePlan plan, FkGraph graph, Dialect dialect, CountSql countSql, Map<TableId, String> cteOf,
                     String targetRowsCte, RestrictOrder restrictOrder, Counter counter) {
        this.plan = plan;
        this.graph = graph;
        this.dialect = dialect;
        this.semantics = dialect.semantics();
        this.countSql = countSql;
        this.cteOf = cteOf;
        this.targetRowsCte = targetRowsCte;
        this.restrictOrder = restrictOrder;
        this.counter = counter;
    }

    /** Adds every side effect's items, grouped by referencing table and action. */
    void count() {
        Map<TableId, Map<ItemKind, List<ForeignKey>>> groups = new LinkedHashMap<>();
        for (CascadePlan.SideEffect effect : plan.sideEffects()) {
            ForeignKey fk = effect.key();
            if (fk.initiallyDeferred()) {
                continue; // checked at commit, not when the statement runs: the estimator notes it instead
            }
            ItemKind kind = switch (fk.onDelete()) {
                case SET_NULL -> ItemKind.SET_NULL;
                case SET_DEFAULT -> ItemKind.SET_DEFAULT;
                default -> ItemKind.RESTRICT;
            };
            groups.computeIfAbsent(fk.child(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(kind, k -> new ArrayList<>()).add(fk);
        }
        groups.forEach((child, byKind) -> byKind.forEach((kind, keys) -> sideEffectCount(child, kind, keys)));
    }

    private void sideEffectCount(TableId child, ItemKind kind, List<ForeignKey> keys) {
        List<String> refs = new ArrayList<>();
        DeleteNode via = null;
        for (ForeignKey fk : keys) {
            refs.add(countSql.references(fk, cteOf.get(fk.parent()), "cg_x"));
            DeleteNode parent = plan.node(fk.parent());
            if (via == null || parent.depth() < via.depth()) {
                via = parent;
            }
        }
        List<TableId> path = new ArrayList<>(via.path());
        path.add(child);
        if (kind == ItemKind.RESTRICT) {
            restrictCount(child, new Item(kind, child, via.depth() + 1, path, keys, restrictOrder.inexact(keys)));
            return;
        }
        String where = "(" + String.join(" OR ", refs) + ")";
        boolean approximate = false;
        if (cteOf.containsKey(child)) {
            if (countSql.hasIdentity(child)) {
                where += " AND NOT " + countSql.memberOf(child, cteOf.get(child), "cg_x");
            } else {
                approximate = true;
            }
        }
        Item item = new Item(kind, child, via.depth() + 1, path, keys, approximate);
        counter.count(item, "SELECT 1 FROM " + dialect.qualified(child) + " cg_x WHERE " + where);
        if (kind != ItemKind.RESTRICT && semantics.changeOfCascadedRowFails() && cteOf.containsKey(child)) {
            changedAndDeleted(child, keys, refs, item);
        }
        if (kind == ItemKind.SET_DEFAULT) {
            for (ForeignKey fk : keys) {
                defaultParentCheck(fk, item);
            }
        }
        if (kind != ItemKind.RESTRICT) {
            referencesToChangedColumns(child, keys, where, item);
        }
    }

    /**
     * Rows of {@code child} that the cascade deletes and {@code keys} would also set: the standard's triggered data
     * change violation (SQLSTATE 27000). A row the statement itself deletes is exempt (HSQLDB checks only rows the
     * cascade adds). Without a row identity the deleted rows cannot be told apart, so every row the keys reach
     * counts (a failure predicted where it may not happen, never missed).
     */
    private void changedAndDeleted(TableId child, List<ForeignKey> keys, List<String> refs, Item via) {
        List<String> reaching = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            // a row whose self-reference points at itself is not changed through it (HSQLDB skips that pair)
            reaching.add(keys.get(i).selfReference()
                    ? "(" + refs.get(i) + " AND NOT " + countSql.joins(keys.get(i), "cg_x", "cg_x") + ")"
                    : refs.get(i));
        }
        String where = "(" + String.join(" OR ", reaching) + ")";
        if (countSql.hasIdentity(child)) {
            where += " AND " + countSql.memberOf(child, cteOf.get(child), "cg_x");
            if (child.equals(plan.target())) {
                where += " AND NOT " + countSql.memberOf(child, targetRowsCte, "cg_x");
            }
        }
        counter.count(new Item(ItemKind.DELETED_AND_CHANGED, child, via.depth(), via.path(), keys, false),
                "SELECT 1 FROM " + dialect.qualified(child) + " cg_x WHERE " + where);
    }

    /**
     * SET NULL / SET DEFAULT rewrites key columns: where another foreign key references those columns, its rows
     * would point at a value that is gone. The catalog's ON UPDATE rule is not loaded; the default (NO ACTION)
     * refuses the statement, so the guard predicts that (conservative where ON UPDATE CASCADE was declared).
     */
    private void referencesToChangedColumns(TableId child, List<ForeignKey> keys, String changedRows, Item via) {
        Set<String> changed = new LinkedHashSet<>();
        keys.forEach(fk -> changed.addAll(fk.setColumns()));
        for (ForeignKey onward : graph.referencing(child)) {
            if (onward.parentColumns().stream().noneMatch(changed::contains)) {
                continue;
            }
            List<TableId> path = new ArrayList<>(via.path());
            path.add(onward.child());
            counter.count(new Item(ItemKind.RESTRICT, onward.child(), via.depth() + 1, path, List.of(onward), false),
                    "SELECT 1 FROM " + dialect.qualified(onward.child()) + " cg_y WHERE "
                            + countSql.referencesParentWhere(onward, "cg_y", changedRows));
        }
    }

    /**
     * RESTRICT / NO ACTION: the rows still there when the database checks ({@link RestrictOrder}), and, for a note,
     * those of them the statement deletes too at a moment only the engine's row order decides.
     */
    private void restrictCount(TableId child, Item item) {
        String rows = "SELECT 1 FROM " + dialect.qualified(child) + " cg_x WHERE ";
        counter.count(item, rows + restrictOrder.blocking(item.keys(), "cg_x"));
        restrictOrder.orderDependent(item.keys(), "cg_x").ifPresent(where -> counter.count(new Item(
                ItemKind.RESTRICT_ORDER_DEPENDENT, child, item.depth(), item.path(), item.keys(), false), rows + where));
    }

    /**
     * SET DEFAULT fails when the default value points at no parent row that survives the statement. Counts the
     * surviving parent rows the default points at; a default of NULL needs none and is not checked.
     */
    private void defaultParentCheck(ForeignKey fk, Item setDefault) {
        if (!semantics.setDefaultChecksParent()) {
            return; // H2 writes the default without checking it references anything
        }
        TableInfo info = graph.table(fk.child());
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < fk.childColumns().size(); i++) {
            String col = fk.childColumns().get(i);
            ColumnInfo column = info == null ? null : info.columns().get(col);
            String def = column == null ? null : column.defaultValue();
            if (def == null || def.isBlank() || def.trim().equalsIgnoreCase("NULL")) {
                return;
            }
            if (!LITERAL_DEFAULT.matcher(def.trim()).matches()) {
                // e.g. nextval(...): evaluating it would have effects a savepoint cannot undo
                return;
            }
            conditions.add("cg_x." + dialect.quote(fk.parentColumns().get(i)) + " = (" + def + ")");
        }
        String where = String.join(" AND ", conditions);
        String parentCte = cteOf.get(fk.parent());
        if (parentCte != null && countSql.hasIdentity(fk.parent())) {
            where += " AND NOT " + countSql.memberOf(fk.parent(), parentCte, "cg_x");
        }
        counter.count(new Item(ItemKind.DEFAULT_PARENT, fk.parent(), setDefault.depth(), setDefault.path(), List.of(fk), false),
                "SELECT 1 FROM " + dialect.qualified(fk.parent()) + " cg_x WHERE " + where);
    }
}

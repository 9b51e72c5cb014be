package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.CascadeSemantics;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlan.DeleteNode;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a cascade plan into one counting query. Every table that loses rows becomes a CTE holding just the
 * columns its own children and identity need, built from its parents' CTEs in topological order, so a row
 * reached by two paths is one row of its table. A self-reference becomes a recursive CTE, and so does a cycle
 * through several tables ({@link CycleClosure}): both are followed to their end at any depth.
 * <p>
 * In bounded mode every CTE stops at {@code cap} rows: children are then counted from a subset of their
 * parents, so every count is a lower bound, and any count that reaches the cap already exceeds every
 * threshold that could change the decision.
 */
public final class CountQueryBuilder {

    static final long UNBOUNDED = Long.MAX_VALUE;

    private final CascadePlan plan;
    private final FkGraph graph;
    private final Dialect dialect;
    private final CascadeSemantics semantics;
    private final long cap;

    private final Map<TableId, String> cteOf = new HashMap<>();
    private final CountSql countSql;
    private final List<String> ctes = new ArrayList<>();
    private final List<Integer> parameters = new ArrayList<>();
    private final List<String> counts = new ArrayList<>();
    private final List<String> rowSelects = new ArrayList<>();
    private final List<Item> items = new ArrayList<>();
    private final List<Frontier> frontiers = new ArrayList<>();
    private final Set<TableId> approximateDeletes = new LinkedHashSet<>();
    private boolean recursive;
    /** The dialect's locking-read clause, appended to every SELECT that reads a table; "" for plain reads. */
    private String lock = "";
    /** Rows the statements name directly, by table (multi-target counting only; empty otherwise). */
    private Map<TableId, SqlFragment> seeds = Map.of();
    /** The CTE of the rows the statement itself deletes (before any cascade). */
    private String targetRowsCte;
    /** Built once every deleted table has its CTE, before the side effects are counted. */
    private RestrictOrder restrictOrder;

    private CountQueryBuilder(CascadePlan plan, FkGraph graph, Dialect dialect, long cap) {
        this.plan = plan;
        this.graph = graph;
        this.dialect = dialect;
        this.semantics = dialect.semantics();
        this.cap = cap;
        this.countSql = new CountSql(plan, graph, dialect);
    }

    /** The counting query for a DELETE of {@code target} (one of {@code delete}'s targets). */
    public static CountQuery forDelete(CascadePlan plan, ParsedStatement.Delete delete,
                                       ParsedStatement.DeleteTarget target, FkGraph graph, Dialect dialect, long cap) {
        return forDelete(plan, delete, target, graph, dialect, cap, false);
    }

    /**
     * {@link #forDelete}, every SELECT that reads a table made a {@link Dialect#lockingRead} when
     * {@code lockingReads} (inside a transaction, where the DELETE would see more than a plain read).
     */
    public static CountQuery forDelete(CascadePlan plan, ParsedStatement.Delete delete,
                                       ParsedStatement.DeleteTarget target, FkGraph graph, Dialect dialect, long cap,
                                       boolean lockingReads) {
        CountQueryBuilder b = new CountQueryBuilder(plan, graph, dialect, cap);
        b.lock = lockingReads ? dialect.lockingRead().orElse("") : "";
        b.targetCte(delete, target);
        b.cascadeCtes();
        b.deleteCounts();
        if (!delete.orderAndLimit().isEmpty()) {
            // the rows a LIMIT keeps, apart from the self-reference closure the target's own count holds
            b.count(new Item(ItemKind.STATEMENT_ROWS, plan.target(), 0, List.of(plan.target()), List.of(), false),
                    "SELECT 1 FROM " + b.targetRowsCte);
        }
        b.sideEffectCounts();
        if (!plan.enforced()) {
            OrphanCounts.of(plan, graph, b.countSql, b.targetRowsCte).forEach(o -> b.count(o.item(), o.rowsSelect()));
        }
        return b.build(delete.with(), delete.recursiveWith());
    }

    /**
     * The counting query for deleting, at once, rows of several tables (a multi-table DELETE, the statements of a
     * batch): {@code seeds} holds, for each table the statements delete from, a SELECT of the rows they name, with
     * the columns of {@link CountSql#selectList}; the plan has those tables as roots, its target first. A row
     * reached from several of them is one row. No seeded table but the target may be in a cycle.
     */
    public static CountQuery forSeeds(CascadePlan plan, Map<TableId, SqlFragment> seeds, SqlFragment with,
                                      boolean recursiveWith, FkGraph graph, Dialect dialect, long cap,
                                      boolean lockingReads) {
        CountQueryBuilder b = new CountQueryBuilder(plan, graph, dialect, cap);
        b.lock = lockingReads ? dialect.lockingRead().orElse("") : "";
        b.seeds = Map.copyOf(seeds);
        b.seededTargetCte();
        b.cascadeCtes();
        b.deleteCounts();
        b.sideEffectCounts();
        return b.build(with, recursiveWith);
    }

    /** The target's CTE when counting from seeds: the rows its seed names, and their self-reference closure. */
    private void seededTargetCte() {
        DeleteNode node = plan.deletes().get(0);
        TableId table = node.table();
        SqlFragment body = SqlFragment.of("SELECT * FROM (").append(seeds.get(table)).append(") cg_s");
        String name = "cg_d0";
        cteOf.put(table, name);
        if (!node.selfLoops().isEmpty() && node.cycle().isEmpty()) {
            recursive = true;
            targetRowsCte = "cg_a0";
            addCte("cg_a0", table, body);
            addCte(name, table, SqlFragment.of(recursiveClosure(node, "cg_a0")));
        } else {
            targetRowsCte = name;
            addCte(name, table, body.append(limitClause()));
        }
    }

    /**
     * {@code SELECT ... WHERE pred}; for a seeded table also the seed's rows: a UNION of two derived tables, each
     * SELECT reading a table with its own lock clause (a UNION of base-table reads where each part uses its index).
     */
    private SqlFragment seeded(TableId table, String select, String pred) {
        SqlFragment seed = seeds.get(table);
        return seed == null ? SqlFragment.of(select + pred)
                : SqlFragment.of("SELECT * FROM (" + select + pred + lock + ") cg_p UNION SELECT * FROM (")
                .append(seed).append(") cg_s");
    }

    private String limitClause() {
        return cap == UNBOUNDED ? "" : dialect.limit(cap);
    }

    private void targetCte(ParsedStatement.Delete delete, ParsedStatement.DeleteTarget target) {
        DeleteNode node = plan.deletes().get(0);
        TableId table = node.table();
        String ref = target.reference();
        SqlFragment body;
        if (delete.joined() && countSql.hasIdentity(table)) {
            // USING / joins may repeat a target row: select the table's own rows that the join matches.
            SqlFragment match = SqlFragment.of("SELECT 1 FROM ").append(delete.from()).append(" WHERE ");
            if (delete.where() != null) {
                match = match.append("(").append(delete.where()).append(") AND ");
            }
            match = match.append(countSql.sameRow(table, ref, "cg_x"));
            body = SqlFragment.of("SELECT " + countSql.selectList(table, "cg_x") + " FROM " + dialect.qualified(table)
                    + " cg_x WHERE EXISTS (").append(match).append(lock + ")");
        } else {
            body = SqlFragment.of("SELECT " + countSql.selectList(table, ref) + " FROM ").append(delete.from());
            if (delete.where() != null) {
                body = body.append(" WHERE ").append(delete.where());
            }
            if (!delete.orderAndLimit().isEmpty()) {
                body = SqlFragment.of("SELECT * FROM (").append(body).append(" ").append(delete.orderAndLimit())
                        .append(lock + ") cg_q");
            }
        }
        String name = "cg_d0";
        cteOf.put(table, name);
        if (!node.selfLoops().isEmpty() && node.cycle().isEmpty()) {
            recursive = true;
            String anchor = "cg_a0";
            targetRowsCte = anchor;
            addCte(anchor, table, body);
            addCte(name, table, SqlFragment.of(recursiveClosure(node, anchor)));
        } else {
            targetRowsCte = name;
            addCte(name, table, body.append(limitClause()));
        }
    }

    /** A self-referencing table's closure ({@link SelfClosure}) from the rows of {@code anchorCte}: its SELECT. */
    private String recursiveClosure(DeleteNode node, String anchorCte) {
        TableId table = node.table();
        if (!countSql.hasIdentity(table)) {
            approximateDeletes.add(table); // rows that carry the same values are one row of the UNION
        }
        SelfClosure closure = new SelfClosure(node, dialect, countSql, "cg_r" + ctes.size(), lock);
        ctes.add(closure.definition(anchorCte));
        String frontier = closure.frontierSelect();
        if (frontier != null) {
            frontiers.add(new Frontier(node, frontier));
        }
        int levels = semantics.maxCascadeDepth() + 1 - node.depth();
        if (semantics.maxCascadeDepth() > 0 && levels > 0) {
            // the engine refuses a cascade deeper than maxCascadeDepth: through a self-reference that is the depth
            // of a chain of rows, which the table's own depth does not show
            String[] check = closure.depthCheck(anchorCte, "cg_h" + ctes.size(), levels);
            ctes.add(check[0]);
            count(new Item(ItemKind.TOO_DEEP, table, node.depth() + levels, node.path(), List.of(), false), check[1]);
        }
        return closure.rows() + limitClause();
    }

    private void addCte(String name, TableId table, SqlFragment body) {
        ctes.add(name + countSql.columnList(table) + " AS (" + body.text() + lock + ")");
        parameters.addAll(body.parameters());
    }

    private void cascadeCtes() {
        Set<TableId> doneCycles = new LinkedHashSet<>();
        for (int i = 1; i < plan.deletes().size(); i++) {
            DeleteNode node = plan.deletes().get(i);
            if (!node.cycle().isEmpty()) {
                if (doneCycles.add(node.cycle().get(0))) {
                    cycleCtes(node.cycle());
                }
                continue;
            }
            TableId table = node.table();
            String pred = incomingPredicate(node.incoming(), "cg_x");
            SqlFragment body = seeded(table, "SELECT " + countSql.selectList(table, "cg_x") + " FROM "
                    + dialect.qualified(table) + " cg_x WHERE ", pred);
            String name = "cg_d" + i;
            cteOf.put(table, name);
            if (node.selfLoops().isEmpty()) {
                addCte(name, table, body.append(limitClause()));
            } else {
                recursive = true;
                String anchor = "cg_a" + i;
                addCte(anchor, table, body);
                addCte(name, table, SqlFragment.of(recursiveClosure(node, anchor)));
            }
        }
    }

    private String incomingPredicate(List<ForeignKey> incoming, String alias) {
        List<String> preds = new ArrayList<>();
        for (ForeignKey fk : incoming) {
            String parentCte = cteOf.get(fk.parent());
            if (parentCte != null) {
                preds.add(countSql.references(fk, parentCte, alias));
            }
        }
        return preds.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", preds) + ")";
    }

    /**
     * A cycle through several tables, followed to its end by one recursive CTE ({@link CycleClosure}); each table's
     * rows are then read from it into the table's own CTE, as any other deleted table's.
     */
    private void cycleCtes(List<TableId> cycle) {
        recursive = true;
        CycleClosure closure = new CycleClosure(cycle, graph, dialect, countSql, "cg_y" + ctes.size(), lock);
        Map<TableId, String> entries = new HashMap<>();
        Map<TableId, Boolean> ofCte = new HashMap<>();
        for (TableId table : cycle) {
            // the statement's own rows enter the cycle at its target; rows cascaded from outside enter elsewhere
            boolean statementRows = table.equals(plan.target()) && cteOf.containsKey(table);
            ofCte.put(table, statementRows);
            if (statementRows) {
                entries.put(table, cteOf.get(table) + " cg_x");
            } else {
                List<ForeignKey> fromOutside = plan.node(table).incoming().stream()
                        .filter(fk -> !cycle.contains(fk.parent())).toList();
                entries.put(table, dialect.qualified(table) + " cg_x WHERE " + incomingPredicate(fromOutside, "cg_x"));
            }
        }
        ctes.add(closure.definition(entries, ofCte));
        String source = closure.name();
        boolean capTogether = cap != UNBOUNDED && closure.rowsDistinct();
        if (capTogether) {
            // bounded: the cycle stops at cap rows in all, whichever tables they are in. A database that produces
            // the closure lazily (PostgreSQL) then stops recursing there, so deciding on a cycle of a million rows
            // costs what one of a thousand does; every table of a cycle that reached the cap is marked capped
            source = "cg_k" + ctes.size();
            ctes.add(source + closure.columnList() + " AS (SELECT * FROM " + closure.name() + limitClause() + ")");
            for (TableId table : cycle) {
                count(new Item(ItemKind.CYCLE_CAP, table, plan.node(table).depth(), plan.node(table).path(), List.of(),
                        false), "SELECT 1 FROM " + source);
            }
        }
        String frontier = closure.frontierSelect();
        for (TableId table : cycle) {
            String name = "cg_d" + ctes.size();
            addCte(name, table, SqlFragment.of(closure.rowsOf(table, source) + (capTogether ? "" : limitClause())));
            cteOf.put(table, name);
            if (!countSql.hasIdentity(table)) {
                // rows that carry the same values are one row of the closure: the count can only be a lower bound
                approximateDeletes.add(table);
            }
            if (frontier != null) {
                frontiers.add(new Frontier(plan.node(table), frontier));
            }
        }
    }

    private record Frontier(DeleteNode node, String rowsSelect) {
    }

    private void deleteCounts() {
        for (DeleteNode node : plan.deletes()) {
            count(new Item(ItemKind.DELETE, node.table(), node.depth(), node.path(), List.of(),
                            approximateDeletes.contains(node.table())),
                    "SELECT 1 FROM " + cteOf.get(node.table()));
        }
        for (Frontier f : frontiers) {
            count(new Item(ItemKind.CYCLE_FRONTIER, f.node().table(), f.node().depth(), f.node().path(), List.of(),
                    false), f.rowsSelect());
        }
    }

    /** SET NULL, SET DEFAULT and RESTRICT / NO ACTION keys hanging off the deleted tables ({@link SideEffectCounts}). */
    private void sideEffectCounts() {
        restrictOrder = new RestrictOrder(plan, graph, semantics, countSql, cteOf, targetRowsCte);
        new SideEffectCounts(plan, graph, dialect, countSql, cteOf, targetRowsCte, restrictOrder, this::count).count();
    }

    private void count(Item item, String rowsSelect) {
        int n = items.size();
        items.add(item);
        rowSelects.add(rowsSelect);
        String limited = (cap == UNBOUNDED ? rowsSelect : rowsSelect + dialect.limit(cap)) + lock;
        counts.add("SELECT " + n + " AS cg_item, COUNT(*) AS cg_rows FROM (" + limited + ") cg_c" + n);
    }

    private CountQuery build(SqlFragment userWith, boolean userRecursive) {
        StringBuilder sql = new StringBuilder("WITH ");
        if (recursive || userRecursive) {
            sql.append("RECURSIVE ");
        }
        List<Integer> params = new ArrayList<>();
        if (userWith != null && !userWith.isEmpty()) {
            sql.append(userWith.text()).append(", ");
            params.addAll(userWith.parameters());
        }
        sql.append(String.join(", ", ctes));
        params.addAll(parameters);
        String withPrefix = sql.toString();
        sql.append(' ').append(String.join(" UNION ALL ", counts));
        String query = recursive || userRecursive ? dialect.recursionUnlimited(sql.toString()) : sql.toString();
        return new CountQuery(query, params, items, withPrefix, rowSelects);
    }
}

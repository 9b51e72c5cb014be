package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.CascadePlanner;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Target rows of several tables, or of several statements, counted as one delete so that a row counts once: a
 * multi-table {@code DELETE t1, t2 FROM ...} where t2 is also a cascade child of t1, or a batch whose second
 * statement deletes rows the first one's cascade already removes. Each target becomes a seed, the SELECT of the rows
 * the statement names ({@code SELECT <columns> FROM <from> WHERE <where>}), the seeds of one table are UNIONed, and
 * the cascade starts from the union of all.
 * <p>
 * The union is read in the state before the first statement runs. For a multi-table DELETE that is what MariaDB
 * does (it finds the rows, then deletes them). For a batch it equals the sequential outcome as long as no
 * statement's WHERE reads rows or columns an earlier statement deletes or changes (a sub-query into a table the
 * batch deletes from, a column an earlier SET NULL rewrites): docs/database-semantics.md.
 */
final class JointDelete {

    /**
     * One target of one statement.
     *
     * @param delete     the statement, its fragments' parameter numbers already those of the joint parameter log
     * @param target     which of its targets
     * @param table      that target's table
     */
    record Part(ParsedStatement.Delete delete, ParsedStatement.DeleteTarget target, TableId table) {
    }

    /** A plan and its counting query. */
    record Joint(CascadePlan plan, CountQuery query) {
    }

    private JointDelete() {
    }

    /**
     * The joint plan and counting query, or the reason the parts cannot be counted together (then each is counted
     * on its own): a LIMIT (a seed cannot hold it), a table without identity, several WITH lists, or a target in a
     * cycle of cascades through other tables.
     */
    static Joint build(List<Part> parts, FkGraph graph, Dialect dialect, long cap, boolean enforced,
                       boolean lockingReads) throws EstimateException {
        String lock = lockingReads ? dialect.lockingRead().orElse("") : "";
        SqlFragment with = SqlFragment.EMPTY;
        boolean recursiveWith = false;
        Set<TableId> tables = new LinkedHashSet<>();
        for (Part part : parts) {
            ParsedStatement.Delete d = part.delete();
            if (!d.orderAndLimit().isEmpty()) {
                throw new EstimateException("a DELETE with ORDER BY / LIMIT cannot be counted together with others");
            }
            if (d.with() != null && !d.with().isEmpty()) {
                if (!with.isEmpty()) {
                    throw new EstimateException("several statements with their own WITH cannot be counted together");
                }
                with = d.with();
                recursiveWith = d.recursiveWith();
            }
            tables.add(part.table());
        }
        List<TableId> order = rootsFirst(new ArrayList<>(tables), graph);
        CascadePlan plan = CascadePlanner.plan(graph, order, enforced);
        CountSql sql = new CountSql(plan, graph, dialect);
        for (TableId t : tables) {
            if (!sql.hasIdentity(t)) {
                throw new EstimateException(t + " has no primary key to tell its rows apart");
            }
            if (!t.equals(plan.target()) && plan.node(t) != null && !plan.node(t).cycle().isEmpty()) {
                throw new EstimateException(t + " is in a cycle of cascades");
            }
        }
        boolean severalStatements = parts.stream().map(Part::delete).distinct().count() > 1;
        for (CascadePlan.SideEffect effect : plan.sideEffects()) {
            FkAction action = effect.action();
            if (severalStatements && (action == FkAction.RESTRICT || action == FkAction.NO_ACTION)
                    && tables.contains(effect.key().child())) {
                // whether it fails depends on which statement runs first, which one count cannot tell
                throw new EstimateException(effect.key().child() + " restricts a delete the batch also makes");
            }
        }
        Map<TableId, List<SqlFragment>> selects = new LinkedHashMap<>();
        for (Part part : parts) {
            selects.computeIfAbsent(part.table(), t -> new ArrayList<>()).add(seed(part, sql, lock));
        }
        Map<TableId, SqlFragment> seeds = new LinkedHashMap<>();
        selects.forEach((table, list) -> seeds.put(table, union(list)));
        return new Joint(plan, CountQueryBuilder.forSeeds(plan, seeds, with, recursiveWith, graph, dialect, cap,
                lockingReads));
    }

    /**
     * {@code SELECT [DISTINCT] <the table's CTE columns> FROM <from> [WHERE <where>]}: the rows one target of one
     * statement names, read through the statement's own FROM so that its indexes serve; where it joins, DISTINCT (a
     * join may repeat a target row) and only real rows (an outer join may have none).
     */
    private static SqlFragment seed(Part part, CountSql sql, String lock) {
        ParsedStatement.Delete d = part.delete();
        SqlFragment select = SqlFragment.of("SELECT " + (d.joined() ? "DISTINCT " : "")
                + sql.selectList(part.table(), part.target().reference()) + " FROM ").append(d.from());
        String present = d.joined() ? sql.present(part.table(), part.target().reference()) : null;
        if (d.where() != null) {
            select = select.append(" WHERE (").append(d.where()).append(present == null ? ")" : ") AND " + present);
        } else if (present != null) {
            select = select.append(" WHERE " + present);
        }
        return select.append(lock);
    }

    /** One SELECT, or several as a UNION of derived tables (each keeps its own lock clause; UNION drops repeats). */
    private static SqlFragment union(List<SqlFragment> selects) {
        if (selects.size() == 1) {
            return selects.get(0);
        }
        SqlFragment all = SqlFragment.EMPTY;
        for (int i = 0; i < selects.size(); i++) {
            all = all.append(i == 0 ? "SELECT * FROM (" : " UNION SELECT * FROM (").append(selects.get(i))
                    .append(") cg_s" + i);
        }
        return all;
    }

    /**
     * The tables in an order whose first one no other reached table cascades into (outside its own cycle): the
     * builder counts the plan's target from its seed alone. Fails when every target is reached from another.
     */
    private static List<TableId> rootsFirst(List<TableId> tables, FkGraph graph) throws EstimateException {
        for (int i = 0; i < tables.size(); i++) {
            List<TableId> order = new ArrayList<>(tables);
            order.add(0, order.remove(i));
            CascadePlan plan = CascadePlanner.plan(graph, order, true);
            CascadePlan.DeleteNode first = plan.deletes().get(0);
            boolean source = true;
            for (ForeignKey fk : first.incoming()) {
                source &= first.cycle().contains(fk.parent());
            }
            if (source) {
                return order;
            }
        }
        throw new EstimateException("every target is reached by the cascade of another");
    }

    /**
     * The statement with every parameter number moved up by {@code offset}: the statements of a batch are bound
     * from one joint parameter log, each set after the previous ones.
     */
    static ParsedStatement.Delete shifted(ParsedStatement.Delete d, int offset) {
        if (offset == 0) {
            return d;
        }
        return new ParsedStatement.Delete(d.sql(), d.targets(), shift(d.with(), offset), d.recursiveWith(),
                shift(d.from(), offset), d.joined(), shift(d.where(), offset), shift(d.orderAndLimit(), offset));
    }

    private static SqlFragment shift(SqlFragment f, int offset) {
        if (f == null) {
            return null;
        }
        List<Integer> moved = new ArrayList<>();
        f.parameters().forEach(p -> moved.add(p + offset));
        return new SqlFragment(f.text(), moved);
    }

    /** How far {@link #shifted} moves the parameters of the statement bound from {@code log}. */
    static int width(ParameterLog log) {
        return log == null ? 0 : log.size();
    }

    /** The logs one after the other, as {@link #shifted} numbers them (a hole stays unbound, as it was). */
    static ParameterLog joined(List<ParameterLog> logs) {
        ParameterLog all = new ParameterLog();
        int offset = 0;
        for (ParameterLog log : logs) {
            for (int i = 1; i <= width(log); i++) {
                ParameterLog.Binding b = log.get(i);
                if (b != null) {
                    all.set(offset + i, b);
                }
            }
            offset += width(log);
        }
        return all;
    }
}

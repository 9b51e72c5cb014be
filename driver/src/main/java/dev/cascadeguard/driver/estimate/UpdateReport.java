package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.bind.BoundStatement;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.TableEffect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns the counts of an {@link UpdateCounts} query into the report the rules decide on. */
final class UpdateReport {

    /**
     * One counted row of the query: which table, what happens there, through which keys (key null: the target);
     * {@code action} null: the parent rows a SET DEFAULT key's default still references after the UPDATE, read with
     * the SET DEFAULT entry just before it.
     */
    record Counted(TableId table, EffectAction action, ForeignKey key, int depth, List<ForeignKey> path) {
    }

    private final Dialect dialect;
    private final BoundStatement.Update bound;
    private final ParsedStatement.Update update;
    private final FkGraph graph;

    UpdateReport(Dialect dialect, BoundStatement.Update bound) {
        this.dialect = dialect;
        this.bound = bound;
        this.update = bound.statement();
        this.graph = bound.scope().graph();
    }

    /**
     * The report from the counts. With foreign keys enforced every action is an effect; with them off (SQLite's
     * pragma, MariaDB's foreign_key_checks) nothing fires, and the referencing rows are left holding the old key:
     * ORPHAN, as for a DELETE.
     */
    CascadeReport report(List<Counted> entries, long[] counts, boolean enforced) {
        List<TableEffect> effects = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Counted e = entries.get(i);
            long rows = counts[i];
            if (e.action() == null) {
                continue; // read with the SET DEFAULT entry before it
            }
            if (e.key() == null) {
                effects.add(new TableEffect(name(e.table()), EffectAction.UPDATE, rows, true, false, 0,
                        List.of(name(e.table()))));
                continue;
            }
            if (rows == 0 || !enforced && e.depth() > 1) {
                continue; // with foreign keys off nothing fires: only the first referencing rows keep the old key
            }
            EffectAction action = enforced ? e.action() : EffectAction.ORPHAN;
            List<String> path = new ArrayList<>();
            path.add(name(bound.target()));
            e.path().forEach(k -> path.add(name(k.child())));
            effects.add(new TableEffect(name(e.table()), action, rows, true, false, e.depth(), path));
            if (!enforced) {
                notes.add("foreign keys are off on this connection: " + rows + " rows in " + name(e.table())
                        + " will keep the old key of " + name(bound.target()) + " (" + e.key().name() + ")");
            } else if (e.key().selfReference() && dialect.keyChangeSemantics().selfReferenceCascadeRestricts()
                    && (action == EffectAction.UPDATE_CASCADE || action == EffectAction.SET_NULL)) {
                // InnoDB handles an ON UPDATE CASCADE / SET NULL that comes back to a table the same cascade
                // updated as RESTRICT (measured: 1451 on a self-referencing tree with children)
                failures.add(dialect.name() + " refuses ON UPDATE " + action.name().replace("UPDATE_", "")
                        .replace('_', ' ') + " of the self-reference " + e.key().name() + ": " + rows + " rows in "
                        + name(e.table()) + " reference a changed key");
            } else if (action == EffectAction.SET_NULL && notNull(e.key())) {
                failures.add("ON UPDATE SET NULL of " + e.key().name() + " on a NOT NULL column: " + rows
                        + " rows in " + name(e.table()) + " cannot be set to NULL");
            } else if (action == EffectAction.SET_DEFAULT && i + 1 < entries.size()
                    && entries.get(i + 1).action() == null) {
                if (counts[i + 1] == 0) {
                    failures.add("ON UPDATE SET DEFAULT of " + e.key().name() + ": the default of " + rows + " rows in "
                            + name(e.table()) + " references no row of " + name(bound.target()) + " left after the "
                            + "UPDATE");
                }
            } else if (action == EffectAction.SET_DEFAULT && dialect.semantics().setDefaultChecksParent()) {
                notes.add("ON UPDATE SET DEFAULT of " + e.key().name() + ": whether the default still references a "
                        + "row is not checked");
            }
        }
        return new CascadeReport(update.sql(), update.kind(), name(bound.target()), update.where() != null, merge(effects),
                notes, failures);
    }

    /** One entry per (table, action): several keys from one table add up (a row can then count twice). */
    private static List<TableEffect> merge(List<TableEffect> effects) {
        List<TableEffect> merged = new ArrayList<>();
        for (TableEffect e : effects) {
            Optional<TableEffect> same = merged.stream()
                    .filter(m -> m.table().equals(e.table()) && m.action() == e.action()).findFirst();
            if (same.isPresent()) {
                TableEffect m = same.get();
                merged.set(merged.indexOf(m), new TableEffect(m.table(), m.action(), m.rows() + e.rows(), false,
                        false, m.depth(), m.path()));
            } else {
                merged.add(e);
            }
        }
        return merged;
    }

    private boolean notNull(ForeignKey key) {
        TableInfo info = graph.table(key.child());
        if (info == null) {
            return false;
        }
        for (String column : key.setColumns()) {
            ColumnInfo c = info.columns().get(column);
            if (c != null && !c.nullable()) {
                return true;
            }
        }
        return false;
    }

    private String name(TableId table) {
        return bound.scope().display(table);
    }
}

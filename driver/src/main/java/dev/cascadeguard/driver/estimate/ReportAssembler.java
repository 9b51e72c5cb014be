package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.bind.Scope;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.CountQuery.Item;
import dev.cascadeguard.driver.estimate.CountQuery.ItemKind;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.ForeignKeyChecks;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.TableEffect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns the counts of a counting query into the report: one effect per (table, action), plus notes. */
final class ReportAssembler {

    private final Estimator.Request request;
    private final Scope scope;
    private final Dialect dialect;
    private final Map<String, TableEffect> effects = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Set<String> failures = new LinkedHashSet<>();
    private boolean plannerEstimate;
    /** Tables of a cycle whose closure stopped at the cap (bounded mode): their counts are lower bounds. */
    private final Set<TableId> cappedCycleTables = new LinkedHashSet<>();

    ReportAssembler(Estimator.Request request, Scope scope, Dialect dialect) {
        this.request = request;
        this.scope = scope;
        this.dialect = dialect;
    }

    CascadeReport assemble(ParsedStatement.Delete delete, String target, CascadePlan plan, CountQuery query,
                           Estimator.Counts measured) throws EstimateException {
        long[] counts = measured.rows();
        plannerEstimate = measured.plannerEstimate();
        if (!plan.enforced()) {
            OrphanNotes.add(query, counts, request, this::display, notes);
        }
        Set<TableId> inexactCycles = new LinkedHashSet<>();
        for (int i = 0; i < counts.length; i++) {
            Item item = query.items().get(i);
            if (item.kind() == ItemKind.CYCLE_FRONTIER && counts[i] > 0) {
                inexactCycles.add(item.table());
            }
            if (item.kind() == ItemKind.CYCLE_CAP && counts[i] >= request.cap()) {
                cappedCycleTables.add(item.table());
            }
        }
        Set<TableId> merged = new LinkedHashSet<>();
        for (Item item : query.items()) {
            if (item.kind() == ItemKind.DELETE && item.approximate()) {
                merged.add(item.table());
            }
        }
        if (!merged.isEmpty()) {
            String why = names(merged) + " has no primary key, and the recursive count of its cascade merges rows that "
                    + "carry the same values";
            if (request.lowerBoundsFail()) {
                throw new EstimateException(why + ", so the rows it would delete cannot be counted exactly");
            }
            notes.add(why + ": the count there is a lower bound");
        }
        if (!inexactCycles.isEmpty() && request.lowerBoundsFail()) {
            throw new EstimateException("a cycle of cascades (" + names(inexactCycles) + ") goes deeper than the "
                    + "guard follows it, so the rows it would delete cannot be counted");
        }
        if (!inexactCycles.isEmpty()) {
            notes.add("a cycle of cascades (" + names(inexactCycles) + ") goes deeper than the guard follows it: "
                    + "the counts there are lower bounds");
        }
        for (int i = 0; i < counts.length; i++) {
            Item item = query.items().get(i);
            long rows = counts[i];
            switch (item.kind()) {
                case DELETE -> {
                    add(item, EffectAction.DELETE, rows, inexactCycles.contains(item.table()), true);
                    int maxDepth = dialect.semantics().maxCascadeDepth();
                    if (maxDepth > 0 && item.depth() > maxDepth && rows > 0) {
                        notes.add(display(item.table()) + ": " + dialect.name() + " stops cascading deletes at "
                                + maxDepth + " levels, and these rows are " + item.depth()
                                + " levels down: the statement would fail");
                        add(item, EffectAction.RESTRICT, rows, false, false);
                    }
                }
                case SET_NULL -> {
                    if (rows > 0 && notNullAmong(item)) {
                        notes.add(display(item.table()) + ": " + RowFormat.count(rows) + " rows would be set to NULL in a NOT NULL "
                                + "column, so the statement would fail");
                        add(item, EffectAction.RESTRICT, rows, false, false);
                    } else {
                        add(item, EffectAction.SET_NULL, rows, false, false);
                    }
                }
                case SET_DEFAULT -> {
                    if (rows > 0 && dialect.semantics().setDefaultNeedsDefault() && defaultClauseMissing(item)) {
                        notes.add(display(item.table()) + ": " + keyNames(item.keys()) + " sets a column without a "
                                + "DEFAULT clause, which " + dialect.name() + " refuses: the statement would fail");
                        add(item, EffectAction.RESTRICT, rows, false, false);
                    } else if (rows > 0 && defaultParentMissing(query, counts, item)) {
                        notes.add(display(item.table()) + ": the default value of " + keyNames(item.keys())
                                + " points at no remaining row, so setting " + RowFormat.count(rows) + " rows to it would fail");
                        add(item, EffectAction.RESTRICT, rows, false, false);
                    } else {
                        add(item, EffectAction.SET_DEFAULT, rows, false, false);
                    }
                }
                case RESTRICT -> add(item, EffectAction.RESTRICT, rows, false, false);
                case ORPHAN -> add(item, EffectAction.ORPHAN, rows, false, false);
                case DELETED_AND_CHANGED -> {
                    if (rows > 0) {
                        notes.add(display(item.table()) + ": " + RowFormat.count(rows) + " rows the cascade deletes "
                                + "would also be changed by " + keyNames(item.keys()) + ", which " + dialect.name()
                                + " may refuse (SQLSTATE 27000, triggered data change violation)");
                        add(item, EffectAction.RESTRICT, rows, false, false);
                    }
                }
                case TOO_DEEP -> {
                    if (rows > 0) {
                        notes.add(display(item.table()) + ": " + dialect.name() + " stops cascading deletes at "
                                + dialect.semantics().maxCascadeDepth() + " levels, and a chain of its rows reaches "
                                + item.depth() + " levels down: the statement would fail");
                        add(item, EffectAction.RESTRICT, rows, false, false);
                    }
                }
                case RESTRICT_ORDER_DEPENDENT -> {
                    if (rows > 0) {
                        notes.add(display(item.table()) + ": " + RowFormat.count(rows) + " of the rows that "
                                + keyNames(item.keys()) + " refuses to orphan are deleted by the same statement too; "
                                + "whether " + dialect.name() + " removes them before it checks depends on the order "
                                + "it reads rows, so the failure is predicted but may not happen");
                    }
                }
                case DEFAULT_PARENT, CYCLE_FRONTIER, CYCLE_CAP, STATEMENT_ROWS -> {
                }
            }
        }
        for (CascadePlan.SideEffect effect : plan.sideEffects()) {
            if (effect.key().initiallyDeferred()) {
                notes.add(display(effect.key().child()) + ": foreign key " + effect.key().name()
                        + " is deferred and checked at commit, not when the statement runs");
            }
        }
        if (dialect.semantics().setDefaultNeedsDefault()) {
            setDefaultWithoutDefaultFails(plan, query, counts);
        }
        triggerNotes(plan.deletes().stream().map(CascadePlan.DeleteNode::table).toList());
        return new CascadeReport(delete.sql(), delete.kind(), target, delete.hasWhere(), List.copyOf(effects.values()),
                List.copyOf(notes), List.copyOf(failures),
                plan.enforced() ? ForeignKeyChecks.ON : dialect.foreignKeysOff());
    }

    CascadeReport assembleWholeTables(ParsedStatement.Destructive statement, String target, CountQuery query,
                                      Estimator.Counts measured) {
        return assembleWholeTables(statement, target, query, measured, true);
    }

    /** As above, on a connection that enforces foreign keys or not ({@code enforced}). */
    CascadeReport assembleWholeTables(ParsedStatement.Destructive statement, String target, CountQuery query,
                                      Estimator.Counts measured, boolean enforced) {
        long[] counts = measured.rows();
        plannerEstimate = measured.plannerEstimate();
        if (!enforced) {
            OrphanNotes.add(query, counts, request, this::display, notes);
        }
        List<TableId> emptied = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            Item item = query.items().get(i);
            if (item.kind() == ItemKind.ORPHAN) {
                add(item, EffectAction.ORPHAN, counts[i], false, false);
            } else if (item.kind() == ItemKind.RESTRICT) {
                ForeignKey fk = item.keys().get(0);
                notes.add("the statement will fail: " + display(fk.child()) + " references " + display(fk.parent())
                        + " (foreign key " + fk.name() + ")");
                add(item, EffectAction.RESTRICT, counts[i], false, false);
            } else if (item.kind() == ItemKind.DROP_COLUMN) {
                add(item, EffectAction.DROP_COLUMN, counts[i], false, true);
            } else {
                emptied.add(item.table());
                add(item, EffectAction.DELETE, counts[i], false, true);
            }
        }
        triggerNotes(emptied);
        return new CascadeReport(statement.sql(), statement.kind(), target, false, List.copyOf(effects.values()),
                List.copyOf(notes), List.of(), enforced ? ForeignKeyChecks.ON : dialect.foreignKeysOff());
    }

    private void triggerNotes(List<TableId> tables) {
        for (TableId t : tables) {
            TableInfo info = scope.graph().table(t);
            if (info != null && info.hasDeleteTrigger()) {
                notes.add(display(t) + CascadeReport.UNPREDICTED_TRIGGER);
            }
        }
    }

    /** Adds or merges an effect; zero-row side effects are left out, zero-row deletes show the cascade path. */
    private void add(Item item, EffectAction action, long rows, boolean lowerBound, boolean keepEmpty) {
        if (rows == 0 && !keepEmpty) {
            return;
        }
        boolean cappedCycle = action == EffectAction.DELETE && cappedCycleTables.contains(item.table());
        boolean capped = request.cap() != Estimator.EXACT && rows >= request.cap() || cappedCycle;
        boolean exact = !item.approximate() && !lowerBound && !plannerEstimate && !cappedCycle;
        if (plannerEstimate) {
            notes.add("counting took longer than guard.estimateTimeoutMs (" + request.timeoutMs()
                    + " ms): the numbers are the query planner's estimates");
        }
        String table = display(item.table());
        String key = table + "\u0000" + action;
        TableEffect previous = effects.get(key);
        if (previous != null) {
            rows += previous.rows();
            exact &= previous.exact();
            capped |= previous.capped();
        }
        List<String> path = item.path().stream().map(this::display).toList();
        TableEffect effect = previous == null
                ? new TableEffect(table, action, rows, exact, capped, item.depth(), path)
                : new TableEffect(table, action, rows, exact, capped, previous.depth(), previous.path());
        effects.put(key, effect);
    }

    private boolean notNullAmong(Item item) {
        return anySetColumn(item.keys(), c -> c != null && !c.nullable());
    }

    /** H2 refuses to delete any parent row of a SET DEFAULT key whose columns have no DEFAULT, referenced or not. */
    private void setDefaultWithoutDefaultFails(CascadePlan plan, CountQuery query, long[] counts) {
        for (CascadePlan.SideEffect effect : plan.sideEffects()) {
            ForeignKey fk = effect.key();
            if (fk.onDelete() != dev.cascadeguard.driver.plan.FkAction.SET_DEFAULT || !defaultClauseMissing(List.of(fk))) {
                continue;
            }
            for (int i = 0; i < counts.length; i++) {
                Item item = query.items().get(i);
                if (item.kind() == ItemKind.DELETE && item.table().equals(fk.parent()) && counts[i] > 0) {
                    failures.add(dialect.name() + " refuses to delete rows of " + display(fk.parent()) + ": "
                            + display(fk.child()) + " (" + fk.name() + ") is ON DELETE SET DEFAULT on a column "
                            + "without a DEFAULT clause");
                }
            }
        }
        notes.addAll(failures);
    }

    private boolean defaultClauseMissing(Item item) {
        return defaultClauseMissing(item.keys());
    }

    private boolean defaultClauseMissing(List<ForeignKey> keys) {
        return anySetColumn(keys, c -> c == null || c.defaultValue() == null || c.defaultValue().isBlank());
    }

    /** True when a column that one of {@code keys} sets on delete passes {@code test} (null: not in the catalog). */
    private boolean anySetColumn(List<ForeignKey> keys, java.util.function.Predicate<ColumnInfo> test) {
        for (ForeignKey fk : keys) {
            TableInfo info = scope.graph().table(fk.child());
            for (String col : fk.setColumns()) {
                if (test.test(info == null ? null : info.columns().get(col))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean defaultParentMissing(CountQuery query, long[] counts, Item setDefault) {
        for (int i = 0; i < counts.length; i++) {
            Item item = query.items().get(i);
            if (item.kind() == ItemKind.DEFAULT_PARENT && counts[i] == 0
                    && setDefault.keys().contains(item.keys().get(0))) {
                return true;
            }
        }
        return false;
    }

    private String display(TableId t) {
        return scope.display(t);
    }

    private String names(Set<TableId> tables) {
        return String.join(", ", tables.stream().map(this::display).toList());
    }

    private static String keyNames(List<ForeignKey> keys) {
        return String.join(", ", keys.stream().map(ForeignKey::name).filter(Objects::nonNull).toList());
    }

}

package dev.cascadeguard.rules;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules: turns what the guard found out about a statement (or a batch, decided as one) into a
 * {@link Decision}. A pure function of its arguments.
 *
 * <p>Every rule that fires gives an action and a reason; the strictest action wins, and among equally strict
 * ones the first in this order decides: kind rules, {@code guard.sqliteForeignKeysOff}, total thresholds,
 * per-table thresholds, {@code guard.onEstimateError}. (A definite BLOCK thus reports XG002 even when another
 * statement of the batch could not be checked.) A statement that could not be checked under {@code guard.onEstimateError = ALLOW}
 * is LOG, not ALLOW, so that the audit trail records every unchecked statement.
 *
 * <p>{@code guard.mode} is not applied here: the decision is always what enforce mode would do.
 */
public final class Decider {

    private Decider() {
    }

    private record Fired(RuleAction action, String key, String reason) {
    }

    /** Rows changed in one table over all statements, with whether any count was capped or estimated. */
    private static final class TableRows {
        final String name;
        long rows;
        boolean exact = true;
        boolean capped;
        /** Emptied or dropped whole (a TRUNCATE or DROP), whatever it held. */
        boolean emptied;

        TableRows(String name) {
            this.name = name;
        }
    }

    /**
     * @param assessments    every destructive statement of what is executed, in order
     * @param settings       the rules
     * @param overrideOrNull the session's override for this statement, if any
     */
    public static Decision decide(List<Assessment> assessments, GuardSettings settings, SessionOverride overrideOrNull) {
        return decide(assessments, settings, overrideOrNull, null);
    }

    /**
     * As {@link #decide(List, GuardSettings, SessionOverride)}, with the connection's default schema: reports
     * name tables of the default schema without it, and this lets {@code guard.table.<schema>.<table>.*} keys
     * match them too.
     */
    public static Decision decide(List<Assessment> assessments, GuardSettings settings, SessionOverride overrideOrNull,
                                  String defaultSchema) {
        return decide(assessments, settings, overrideOrNull, List.of(), defaultSchema);
    }

    /**
     * As {@link #decide(List, GuardSettings, SessionOverride, String)}, with the allowances open for this
     * statement: where a CONFIRM rule fired and no override covers the statement, the first allowance whose
     * remaining rows cover the exact count lets it run (LOG); the caller spends the rows.
     */
    public static Decision decide(List<Assessment> assessments, GuardSettings settings, SessionOverride overrideOrNull,
                                  List<Budget> budgets, String defaultSchema) {
        boolean batch = assessments.size() > 1;
        List<Fired> fired = new ArrayList<>();
        List<Fired> unchecked = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        Map<String, TableRows> perTable = new LinkedHashMap<>();
        long totalRows = 0;
        boolean totalExact = true;
        boolean totalCapped = false;
        int uncounted = 0;
        boolean unseen = false;

        for (Assessment assessment : assessments) {
            if (assessment instanceof Assessment.Estimated estimated) {
                CascadeReport report = estimated.report();
                if (report.totalRows() > 0) {
                    // kind rules are about destroyed rows: an empty or missing table's DROP destroys nothing
                    kindRule(report.kind(), report.hasWhere(), report.target(), batch, settings).ifPresent(fired::add);
                }
                OrphanRule.reason(report, batch, settings).ifPresent(why -> fired.add(new Fired(
                        settings.sqliteForeignKeysOff(), Setting.SQLITE_FOREIGN_KEYS_OFF.key, why)));
                totalRows += report.totalRows();
                for (TableEffect e : report.effects()) {
                    if (!e.action().changesRows()) {
                        continue;
                    }
                    TableRows t = perTable.computeIfAbsent(e.table().toLowerCase(Locale.ROOT), k -> new TableRows(e.table()));
                    t.emptied |= e.action() == EffectAction.DELETE
                            && (report.kind() == StatementKind.TRUNCATE || report.kind() == StatementKind.DROP);
                    t.rows += e.rows();
                    t.exact &= e.exact();
                    t.capped |= e.capped();
                    totalExact &= e.exact();
                    totalCapped |= e.capped();
                }
                if (report.wouldFail()) {
                    refusals.add(refusal(report));
                }
                unseen |= report.hasUnpredictedTriggers();
            } else if (assessment instanceof Assessment.Unverifiable u) {
                // A TRUNCATE or DROP is known to empty its table whatever the count, so its rule still applies.
                if (u.kind() == StatementKind.TRUNCATE || u.kind() == StatementKind.DROP) {
                    kindRule(u.kind(), true, "", false, settings).ifPresent(fired::add);
                }
                unchecked.add(unverifiable(u, settings));
                uncounted++;
            }
        }

        totalRule(totalRows, totalExact, totalCapped, settings).ifPresent(fired::add);
        for (TableRows t : perTable.values()) {
            tableRule(t, settings, defaultSchema).ifPresent(fired::add);
        }
        for (Budget b : budgets) {
            if (b.enforced()) {
                cleanupRules(b, perTable.values(), totalRows, totalExact, totalCapped, uncounted, unseen,
                        defaultSchema).forEach(fired::add);
            }
        }
        fired.addAll(unchecked);

        // Stable sort: the strictest first, ties in rule order, so the first reason explains the action.
        List<Fired> ordered = new ArrayList<>(fired);
        ordered.sort(Comparator.comparing((Fired f) -> f.action()).reversed());
        Fired deciding = ordered.isEmpty() ? null : ordered.get(0);
        RuleAction action = deciding == null ? RuleAction.ALLOW : deciding.action();
        String rule = deciding == null ? "" : deciding.key();
        boolean unverifiable = action == RuleAction.BLOCK && Setting.ON_ESTIMATE_ERROR.key.equals(rule);

        List<String> reasons = new ArrayList<>();
        ordered.forEach(f -> reasons.add(f.reason()));
        boolean overrideUsed = false;
        if (overrideOrNull != null) {
            if (overrideOrNull.source() != null && overrideOrNull.source().equals("sql") && !settings.allowSqlOverride()) {
                // The driver should refuse SET guard.allow_rows already; this keeps the rules safe if it does not.
                reasons.add("session override of " + RowFormat.rows(overrideOrNull.rows())
                        + " ignored: guard.allowSqlOverride = false");
            } else if (action == RuleAction.CONFIRM) {
                overrideUsed = covers(overrideOrNull, totalRows, totalExact, totalCapped);
                reasons.add(overrideReason(overrideOrNull, totalRows, totalExact, totalCapped, overrideUsed));
                if (overrideUsed) {
                    action = RuleAction.LOG;
                }
            } else if (action == RuleAction.BLOCK) {
                reasons.add("a session override never lifts BLOCK (override of "
                        + RowFormat.rows(overrideOrNull.rows()) + " not used)");
            }
        }
        Budget budgetUsed = null;
        if (action == RuleAction.CONFIRM && !budgets.isEmpty()) {
            for (Budget b : budgets) {
                if (covers(b.remaining(), totalRows, totalExact, totalCapped)) {
                    budgetUsed = b;
                    break;
                }
            }
            if (budgetUsed != null) {
                action = RuleAction.LOG;
                reasons.add(budgetReason(budgetUsed, "covers " + RowFormat.rows(totalRows)));
            } else {
                reasons.add(budgetReason(budgets.get(0), "does not cover "
                        + RowFormat.rows(totalRows, totalExact, totalCapped)));
            }
        } else if (action == RuleAction.BLOCK && !budgets.isEmpty() && !CLEANUP_BUDGET.equals(rule)) {
            reasons.add("an allowance never lifts BLOCK (" + budgetReason(budgets.get(0), "not used") + ")");
        }
        reasons.addAll(refusals);
        return new Decision(action, unverifiable, reasons, rule, totalRows, overrideUsed, budgetUsed);
    }

    /**
     * A cleanup budget's limits, all BLOCK — it must not run, whatever the thresholds would allow: a row of a
     * protected table, or the table itself (TRUNCATE, DROP); more rows than the budget has left, or a count that cannot
     * prove it stays within; a statement the guard could not count; a DELETE trigger or rule on the path, whose work
     * the guard does not see.
     */
    private static List<Fired> cleanupRules(Budget b, java.util.Collection<TableRows> tables, long totalRows,
                                            boolean exact, boolean capped, int uncounted, boolean unseen,
                                            String defaultSchema) {
        List<Fired> fired = new ArrayList<>();
        String why = b.reason().isEmpty() ? "" : " (" + b.reason() + ")";
        for (TableRows t : tables) {
            if ((t.rows > 0 || t.emptied) && isProtected(t.name, b.protectedTables(), defaultSchema)) {
                fired.add(new Fired(RuleAction.BLOCK, CLEANUP_BUDGET, t.name + ": "
                        + (t.rows > 0 ? RowFormat.rows(t.rows, t.exact, t.capped) : "emptied")
                        + " in a table the cleanup budget protects" + why));
            }
        }
        if (!covers(b.remaining(), totalRows, exact, capped)) {
            fired.add(new Fired(RuleAction.BLOCK, CLEANUP_BUDGET, RowFormat.rows(totalRows, exact, capped)
                    + " > the cleanup budget's " + RowFormat.rows(b.remaining()) + " left" + why));
        }
        if (uncounted > 0) {
            fired.add(new Fired(RuleAction.BLOCK, CLEANUP_BUDGET, "a statement the guard could not count cannot run "
                    + "inside a cleanup budget" + why));
        }
        if (unseen) {
            fired.add(new Fired(RuleAction.BLOCK, CLEANUP_BUDGET, "a DELETE trigger or rule on the path does what the "
                    + "guard cannot count, which a cleanup budget does not let run" + why));
        }
        return fired;
    }

    /** The rule key of a cleanup budget's limits, as decisions name it. */
    public static final String CLEANUP_BUDGET = "cleanup budget";

    /**
     * Whether a table as reports name it (schema-qualified only outside the default schema) is one of the protected
     * names (any case, quotes allowed, schema-qualified or not).
     */
    private static boolean isProtected(String table, java.util.Set<String> protectedTables, String defaultSchema) {
        String qualified = table.indexOf('.') >= 0 || defaultSchema == null ? table : defaultSchema + "." + table;
        String bare = table.substring(table.lastIndexOf('.') + 1);
        for (String written : protectedTables) {
            String p = written.replace("\"", "").replace("`", "");
            if (p.indexOf('.') >= 0 ? p.equalsIgnoreCase(qualified) || p.equalsIgnoreCase(table)
                    : p.equalsIgnoreCase(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String budgetReason(Budget b, String verdict) {
        String origin = b.source().isEmpty() ? "" : " (" + b.source() + ")";
        return "allowance" + origin + " with " + RowFormat.rows(b.remaining()) + " left " + verdict
                + (b.reason().isEmpty() ? "" : ": " + b.reason());
    }

    /**
     * The most rows worth counting in one table: any count at this cap already exceeds every finite threshold
     * (and the override), so counting further cannot change the decision. {@link Long#MAX_VALUE} when a
     * threshold is so large that counting has to be unbounded anyway.
     */
    public static long countCap(GuardSettings settings, SessionOverride overrideOrNull) {
        return countCap(settings, overrideOrNull, List.of());
    }

    /** As {@link #countCap(GuardSettings, SessionOverride)}, counting far enough to tell whether a budget covers. */
    public static long countCap(GuardSettings settings, SessionOverride overrideOrNull, List<Budget> budgets) {
        long max = Math.max(settings.logAbove(), settings.confirmAbove());
        if (settings.blockAbove().isPresent()) {
            max = Math.max(max, settings.blockAbove().getAsLong());
        }
        for (TableThreshold t : settings.tableThresholds()) {
            max = Math.max(max, t.rows());
        }
        if (overrideOrNull != null) {
            max = Math.max(max, overrideOrNull.rows());
        }
        for (Budget b : budgets) {
            max = Math.max(max, b.remaining());
        }
        return max == Long.MAX_VALUE ? Long.MAX_VALUE : max + 1;
    }

    private static Optional<Fired> kindRule(StatementKind kind, boolean hasWhere, String target, boolean batch,
                                            GuardSettings settings) {
        String label;
        Setting setting;
        RuleAction action;
        switch (kind) {
            case DELETE -> {
                if (hasWhere) {
                    return Optional.empty();
                }
                label = "DELETE without WHERE";
                setting = Setting.DELETE_WITHOUT_WHERE;
                action = settings.deleteWithoutWhere();
            }
            case TRUNCATE -> {
                label = "TRUNCATE";
                setting = Setting.TRUNCATE;
                action = settings.truncate();
            }
            case DROP -> {
                label = "DROP";
                setting = Setting.DROP;
                action = settings.drop();
            }
            case REPLACE -> {
                // its rows are the ones its new rows conflict with, never "every row": only the thresholds apply
                return Optional.empty();
            }
            case UPDATE -> {
                // an UPDATE of a referenced key is judged by its rows alone, as a DELETE with WHERE is
                return Optional.empty();
            }
            default -> throw new IllegalStateException("unexpected kind " + kind);
        }
        if (action == RuleAction.ALLOW) {
            return Optional.empty();
        }
        // In a batch the statement has to be named; alone, the SQL is shown beside the reason anyway.
        String which = batch && !target.isEmpty() ? " (" + target + ")" : "";
        return Optional.of(new Fired(action, setting.key, label + which + ": " + setting.key + " = " + action));
    }

    private static Optional<Fired> totalRule(long rows, boolean exact, boolean capped, GuardSettings settings) {
        String counted = RowFormat.rows(rows, exact, capped);
        if (settings.blockAbove().isPresent() && rows > settings.blockAbove().getAsLong()) {
            return Optional.of(threshold(RuleAction.BLOCK, Setting.BLOCK_ABOVE.key, counted,
                    settings.blockAbove().getAsLong()));
        }
        if (rows > settings.confirmAbove()) {
            return Optional.of(threshold(RuleAction.CONFIRM, Setting.CONFIRM_ABOVE.key, counted, settings.confirmAbove()));
        }
        if (rows > settings.logAbove()) {
            return Optional.of(threshold(RuleAction.LOG, Setting.LOG_ABOVE.key, counted, settings.logAbove()));
        }
        return Optional.empty();
    }

    private static Optional<Fired> tableRule(TableRows t, GuardSettings settings, String defaultSchema) {
        boolean qualified = t.name.indexOf('.') >= 0;
        Optional<TableRule> rule = qualified || defaultSchema == null
                ? settings.ruleFor(t.name)
                : settings.ruleFor(defaultSchema, t.name);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        String counted = t.name + ": " + RowFormat.rows(t.rows, t.exact, t.capped);
        Optional<TableThreshold> block = rule.get().blockAbove();
        if (block.isPresent() && t.rows > block.get().rows()) {
            return Optional.of(threshold(RuleAction.BLOCK, block.get().key(), counted, block.get().rows()));
        }
        Optional<TableThreshold> confirm = rule.get().confirmAbove();
        if (confirm.isPresent() && t.rows > confirm.get().rows()) {
            return Optional.of(threshold(RuleAction.CONFIRM, confirm.get().key(), counted, confirm.get().rows()));
        }
        return Optional.empty();
    }

    private static Fired threshold(RuleAction action, String key, String counted, long limit) {
        return new Fired(action, key, counted + " > " + key + " (" + RowFormat.count(limit) + ")");
    }

    private static Fired unverifiable(Assessment.Unverifiable u, GuardSettings settings) {
        String key = Setting.ON_ESTIMATE_ERROR.key;
        String what = u.kind() == null ? "statement" : u.kind().name();
        if (settings.onEstimateError() == RuleAction.BLOCK) {
            return new Fired(RuleAction.BLOCK, key, what + " not checked (" + u.problem() + "): " + key + " = BLOCK");
        }
        return new Fired(RuleAction.LOG, key,
                what + " not checked (" + u.problem() + "): " + key + " = ALLOW, so it runs unchecked");
    }

    private static boolean covers(SessionOverride o, long totalRows, boolean exact, boolean capped) {
        return covers(o.rows(), totalRows, exact, capped);
    }

    private static boolean covers(long allowed, long totalRows, boolean exact, boolean capped) {
        // A capped total is a lower bound and an inexact one an estimate: neither proves the statement stays
        // within the rows the person allowed.
        return exact && !capped && totalRows <= allowed;
    }

    private static String overrideReason(SessionOverride o, long totalRows, boolean exact, boolean capped,
                                         boolean used) {
        String origin = o.source() == null || o.source().isEmpty() ? "" : " (" + o.source() + ")";
        String override = "session override" + origin + " of " + RowFormat.rows(o.rows());
        String counted = RowFormat.rows(totalRows, exact, capped);
        if (!used) {
            return override + " does not cover " + counted + (exact || capped ? ""
                    : " (an estimate: an override needs an exact count; raise guard.estimateTimeoutMs)");
        }
        return override + " covers " + counted + (o.reason().isEmpty() ? "" : ": " + o.reason());
    }

    private static String refusal(CascadeReport report) {
        List<String> parts = new ArrayList<>();
        long rows = 0;
        for (TableEffect e : report.effects()) {
            if (e.action() == EffectAction.RESTRICT && e.rows() > 0) {
                parts.add(RowFormat.rows(e.rows()) + " in " + e.table());
                rows += e.rows();
            }
        }
        String verb = rows == 1 ? " still references it" : " still reference it";
        return "the database would refuse it: " + String.join(", ", parts) + verb + " (RESTRICT)";
    }
}

package dev.cascadeguard.report;

import java.util.List;
import java.util.Objects;

/**
 * What one destructive statement would do, table by table: the report that the rules decide on,
 * that exceptions carry, and that {@code explain --format json} prints.
 *
 * @param sql      the statement as given
 * @param kind     DELETE, TRUNCATE or DROP
 * @param target   the target table as the database names it (the first one, for multi-table statements)
 * @param hasWhere false for a DELETE with no WHERE clause (every row of the target)
 * @param effects  one entry per (table, action), the target first with depth 0
 * @param notes    facts the counts cannot show (delete triggers on the path, foreign keys switched off, ...)
 * @param failures why the database would refuse the statement where no referencing row says so (e.g. H2's SET
 *                 DEFAULT on a column without a default fails every delete of the parent); usually empty
 * @param foreignKeyChecks whether the connection enforced foreign keys; when not, nothing cascades and the
 *                 {@link EffectAction#ORPHAN} effects count the rows left pointing at deleted rows
 */
public record CascadeReport(String sql, StatementKind kind, String target, boolean hasWhere,
                            List<TableEffect> effects, List<String> notes, List<String> failures,
                            ForeignKeyChecks foreignKeyChecks) {

    /** How a note names a table whose DELETE trigger or rule may do more than the foreign keys say: table + this. */
    public static final String UNPREDICTED_TRIGGER = " has a DELETE trigger or rule: what it does is not predicted";

    /** True when a note says a table on the path has a DELETE trigger or rule, whose effects are not counted. */
    public boolean hasUnpredictedTriggers() {
        return notes.stream().anyMatch(n -> n.endsWith(UNPREDICTED_TRIGGER));
    }

    public CascadeReport {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        effects = List.copyOf(effects);
        notes = List.copyOf(notes);
        failures = List.copyOf(failures);
        Objects.requireNonNull(foreignKeyChecks, "foreignKeyChecks");
    }

    /** A report of a connection that enforces foreign keys. */
    public CascadeReport(String sql, StatementKind kind, String target, boolean hasWhere,
                         List<TableEffect> effects, List<String> notes, List<String> failures) {
        this(sql, kind, target, hasWhere, effects, notes, failures, ForeignKeyChecks.ON);
    }

    public CascadeReport(String sql, StatementKind kind, String target, boolean hasWhere,
                         List<TableEffect> effects, List<String> notes) {
        this(sql, kind, target, hasWhere, effects, notes, List.of());
    }

    /** Rows left pointing at deleted rows because the connection enforces no foreign keys (0 when it does). */
    public long orphanRows() {
        long orphans = 0;
        for (TableEffect e : effects) {
            if (e.action() == EffectAction.ORPHAN) {
                orphans += e.rows();
            }
        }
        return orphans;
    }

    /** Distinct rows deleted or changed, over every table; RESTRICT rows are not changed and not counted. */
    public long totalRows() {
        long total = 0;
        for (TableEffect e : effects) {
            if (e.action().changesRows()) {
                total += e.rows();
            }
        }
        return total;
    }

    /** True when the database would refuse the statement: a RESTRICT / NO ACTION reference, or a failure. */
    public boolean wouldFail() {
        if (!failures.isEmpty()) {
            return true;
        }
        for (TableEffect e : effects) {
            if (e.action() == EffectAction.RESTRICT && e.rows() > 0) {
                return true;
            }
        }
        return false;
    }

    /** True when every count is exact (none capped, none a planner estimate). */
    public boolean exact() {
        for (TableEffect e : effects) {
            if (!e.exact() || e.capped()) {
                return false;
            }
        }
        return true;
    }
}

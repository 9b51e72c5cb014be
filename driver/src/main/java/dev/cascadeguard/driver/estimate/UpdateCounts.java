package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.bind.BoundStatement;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts what an UPDATE of a referenced key does through the keys' ON UPDATE rules, in one query: the target rows
 * whose referenced key changes, then per referencing key the rows it rewrites (CASCADE), nulls, resets, or that
 * make the statement fail (RESTRICT / NO ACTION). A key "changes" when a SET column of it gets a value distinct
 * from the old one: every database measured fires nothing for {@code SET code = code} (docs/database-semantics.md
 * §14). What is not counted exactly fails the estimate (guard.onEstimateError) rather than be guessed: an UPDATE with
 * FROM / joins / ORDER BY / LIMIT / WITH, a SET tuple from a sub-query, a self-reference whose referencing columns the
 * same UPDATE sets, and the chains of rewritten keys {@link #refuseChain} names (the others are followed to their end).
 * The report is {@link UpdateReport}'s.
 */
final class UpdateCounts {

    private final Dialect dialect;
    private final String lock;
    private final FkGraph graph;
    private final BoundStatement.Update bound;
    private final ParsedStatement.Update update;
    private final List<Entry> entries = new ArrayList<>();
    private final StringBuilder sql = new StringBuilder();
    private final List<Integer> parameters = new ArrayList<>();
    /** Why the counts do not hold once they find a key changing (null: they hold). */
    private String notCountedIfChanged;

    /**
     * One counted row of the query: which table, what happens there, through which key (null: the target);
     * {@code action} null: the parent rows a SET DEFAULT key's default still references after the UPDATE.
     */
    private record Entry(TableId table, EffectAction action, ForeignKey key, int depth, List<ForeignKey> path) {
    }

    /** A default the count may evaluate: a number or a string literal, PostgreSQL's cast allowed. */
    private static final java.util.regex.Pattern LITERAL_DEFAULT = java.util.regex.Pattern.compile(
            "\\(*(-?\\d+(\\.\\d+)?|'([^']|'')*')\\)*(::[\\w ]+)?");

    private UpdateCounts(Dialect dialect, BoundStatement.Update bound, String lock) {
        this.dialect = dialect;
        this.lock = lock;
        this.graph = bound.scope().graph();
        this.bound = bound;
        this.update = bound.statement();
    }

    /**
     * @param lock the locking-read clause appended to every SELECT that reads a table ("" for plain reads): inside a
     *             MariaDB transaction the UPDATE and its cascade act on the latest committed rows, not the snapshot
     */
    static UpdateCounts plan(Dialect dialect, BoundStatement.Update bound, String lock) throws EstimateException {
        UpdateCounts counts = new UpdateCounts(dialect, bound, lock);
        counts.build();
        return counts;
    }

    private void build() throws EstimateException {
        ParsedStatement.Update u = update;
        List<ForeignKey> keys = graph.referencingAny(bound.target(), u.columns());
        if (u.joined()) {
            throw new EstimateException("an UPDATE with FROM, joins, ORDER BY, LIMIT or WITH that sets a referenced "
                    + "key is not counted");
        }
        for (ForeignKey key : keys) {
            refuseWhatIsNotCounted(key);
        }
        // the target: rows the WHERE selects whose key of some changed key really changes
        item(bound.target(), EffectAction.UPDATE, null);
        sql.append("SELECT count(*) AS cg_rows FROM ").append(u.written()).append(" WHERE ");
        targetCondition(keys);
        for (ForeignKey key : keys) {
            // the referencing rows of one key: those holding the old value of a target row whose key changes
            follow(key, List.of(key), alias -> {
                sql.append("EXISTS (SELECT 1 FROM ").append(u.written()).append(" WHERE ");
                targetCondition(List.of(key));
                joinColumns(alias, key, u.reference());
                sql.append(lock).append(')');
            });
        }
        sql.append(lock).append(") cg_x").append(entries.size() - 1);
    }

    /** Appends the condition that the row {@code alias} is one whose key changes (a SQL condition on it). */
    @FunctionalInterface
    private interface Membership {
        void append(String alias);
    }

    /**
     * Counts the rows {@code key} acts on (its child rows whose parent row's key changes, as {@code parents} says) and
     * follows on where it rewrites a key that further keys reference: ON UPDATE CASCADE or SET NULL of a column that
     * is itself referenced fires those keys' ON UPDATE rules in turn, as deep as the chain goes.
     */
    private void follow(ForeignKey key, List<ForeignKey> path, Membership parents) throws EstimateException {
        int depth = path.size();
        String alias = "cg_c" + depth;
        item(key.child(), action(key.onUpdate()), key, depth, path);
        sql.append("SELECT count(*) AS cg_rows FROM ").append(qualified(key.child())).append(' ').append(alias)
                .append(" WHERE ");
        parents.append(alias);
        if (depth == 1 && key.onUpdate() == FkAction.NO_ACTION
                && dialect.keyChangeSemantics().noActionChecksAtStatementEnd()
                && key.parentColumns().size() == 1) {
            handedOver(key, alias);
        }
        if (key.onUpdate() == FkAction.SET_DEFAULT) {
            if (depth > 1 && dialect.semantics().setDefaultChecksParent()) {
                throw new EstimateException("ON UPDATE SET DEFAULT of " + key.name() + " down a chain of key "
                        + "rewrites is not counted");
            }
            defaultParentCheck(key);
        }
        if (key.onUpdate() == FkAction.RESTRICT || key.onUpdate() == FkAction.NO_ACTION) {
            return;
        }
        for (ForeignKey next : graph.referencing(key.child())) {
            if (next.parentColumns().stream().noneMatch(c -> indexOf(key.setColumns(), c) >= 0)) {
                continue;
            }
            refuseChain(key, next, path);
            List<ForeignKey> longer = new ArrayList<>(path);
            longer.add(next);
            follow(next, longer, below -> {
                sql.append("EXISTS (SELECT 1 FROM ").append(qualified(key.child())).append(' ').append(alias)
                        .append(" WHERE ");
                parents.append(alias);
                joinColumns(below, next, alias);
                sql.append(lock).append(')');
            });
        }
    }

    /**
     * What a chain step must be for its rows to be the rows whose key changes: a CASCADE rewrite of every column of
     * the next key that changes (one column, or all of them inside the next key), a SET NULL (a referencing value
     * is never NULL before), never a SET DEFAULT (the default may equal the old value); no table twice (a cycle:
     * InnoDB refuses one, the others change rows twice), never back to the target, and no deeper than InnoDB cascades (15 levels fail there).
     */
    private void refuseChain(ForeignKey key, ForeignKey next, List<ForeignKey> path) throws EstimateException {
        String problem = null;
        if (key.onUpdate() == FkAction.SET_DEFAULT) {
            problem = "a SET DEFAULT that rewrites a key " + next.name() + " references";
        } else if (key.onUpdate() == FkAction.CASCADE && key.childColumns().size() > 1
                && !key.childColumns().stream().allMatch(c -> indexOf(next.parentColumns(), c) >= 0)) {
            problem = "a composite key partly inside the key " + next.name() + " references";
        } else if (path.stream().anyMatch(k -> k.child().equals(next.child()))
                || next.child().equals(bound.target())) {
            problem = "a cycle of ON UPDATE rules back through " + next.name();
        } else if (path.size() >= MAX_CHAIN) {
            problem = "a chain of key rewrites deeper than " + MAX_CHAIN + " keys";
        }
        if (problem != null) {
            throw new EstimateException("ON UPDATE " + key.onUpdate().name().replace('_', ' ') + " of " + key.name()
                    + ": " + problem + " is not counted");
        }
    }

    /** {@code AND NOT EXISTS (a row of the target holding alias's value once the UPDATE is done)}. */
    private void handedOver(ForeignKey key, String alias) {
        String column = update.reference() + "." + dialect.quote(key.parentColumns().get(0));
        int set = indexOf(update.columns(), key.parentColumns().get(0));
        sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(update.written()).append(" WHERE CASE WHEN ");
        targetCondition(List.of(key));
        sql.append(" THEN (");
        append(update.values().get(set));
        sql.append(") ELSE ").append(column).append(" END = ").append(alias).append('.')
                .append(dialect.quote(key.childColumns().get(0))).append(lock).append(')');
    }

    /** InnoDB refuses a cascade 15 levels deep; the guard follows no deeper anywhere. */
    private static final int MAX_CHAIN = 14;

    private void joinColumns(String childAlias, ForeignKey key, String parentAlias) {
        for (int i = 0; i < key.childColumns().size(); i++) {
            sql.append(" AND ").append(childAlias).append('.').append(dialect.quote(key.childColumns().get(i)))
                    .append(" = ").append(parentAlias).append('.').append(dialect.quote(key.parentColumns().get(i)));
        }
    }

    /**
     * SET DEFAULT fails on PostgreSQL and SQLite when the default references no parent row once the UPDATE is done
     * (H2 never checks): counts the parent rows holding the default whose key the UPDATE leaves as it is. A NULL
     * default, or one that is not a plain literal, is not checked (a note says so where it matters).
     */
    private void defaultParentCheck(ForeignKey key) {
        if (!dialect.semantics().setDefaultChecksParent()) {
            return;
        }
        TableInfo info = graph.table(key.child());
        List<String> defaults = new ArrayList<>();
        for (String column : key.childColumns()) {
            ColumnInfo c = info == null ? null : info.columns().get(column);
            String def = c == null ? null : c.defaultValue();
            if (def == null || def.isBlank() || def.trim().equalsIgnoreCase("NULL")
                    || !LITERAL_DEFAULT.matcher(def.trim()).matches()) {
                return;
            }
            defaults.add(def.trim());
        }
        item(key.parent(), null, key);
        sql.append("SELECT count(*) AS cg_rows FROM ").append(update.written()).append(" WHERE ");
        for (int i = 0; i < defaults.size(); i++) {
            sql.append(update.reference()).append('.').append(dialect.quote(key.parentColumns().get(i)))
                    .append(" = (").append(defaults.get(i)).append(") AND ");
        }
        sql.append("CASE WHEN ");
        targetCondition(List.of(key));
        sql.append(" THEN 1 ELSE 0 END = 0");
    }

    private void refuseWhatIsNotCounted(ForeignKey key) throws EstimateException {
        ParsedStatement.Update u = update;
        for (String column : key.parentColumns()) {
            int i = indexOf(u.columns(), column);
            if (i >= 0 && u.values().get(i) == null) {
                throw new EstimateException("the new value of " + column + " (a SET tuple from a sub-query) is "
                        + "not counted");
            }
        }
        if (dialect.keyChangeSemantics().setListLeftToRight()) {
            // MariaDB assigns a single-table UPDATE's SET list left to right, each value seeing the ones before it
            // (SET a = 'x', code = a gives code 'x'): the count reads the old values, so such a key is not counted
            for (String column : key.parentColumns()) {
                int i = indexOf(u.columns(), column);
                for (int j = 0; j < i; j++) {
                    if (java.util.regex.Pattern.compile("(?i)(?<![\\w$])`?" + java.util.regex.Pattern.quote(
                            u.columns().get(j)) + "`?(?![\\w$])").matcher(u.values().get(i).text()).find()) {
                        throw new EstimateException("the new value of " + column + " reads " + u.columns().get(j)
                                + ", which the same SET list assigns before it: not counted on " + dialect.name());
                    }
                }
            }
        }
        if (key.selfReference() && key.childColumns().stream().anyMatch(c -> indexOf(u.columns(), c) >= 0)) {
            // an ORM writes every column back, the key unchanged: refused only once the count finds a key changing
            notCountedIfChanged = "an UPDATE setting both sides of the self-reference " + key.name() + " changes "
                    + "a key; such an UPDATE is not counted";
        }
    }

    /** Starts an item's {@code SELECT n AS cg_item, cg_rows FROM (...)}, closing the previous one. */
    private void item(TableId table, EffectAction action, ForeignKey key) {
        item(table, action, key, key == null ? 0 : 1, key == null ? List.of() : List.of(key));
    }

    private void item(TableId table, EffectAction action, ForeignKey key, int depth, List<ForeignKey> path) {
        if (!entries.isEmpty()) {
            sql.append(lock).append(") cg_x").append(entries.size() - 1).append(" UNION ALL ");
        }
        sql.append("SELECT ").append(entries.size()).append(" AS cg_item, cg_rows FROM (");
        entries.add(new Entry(table, action, key, depth, path));
    }

    /** {@code (where) AND (the row's key of one of keys changes)}. */
    private void targetCondition(List<ForeignKey> keys) {
        sql.append('(');
        if (update.where() != null) {
            append(update.where());
        } else {
            sql.append("1 = 1");
        }
        sql.append(") AND (");
        for (int k = 0; k < keys.size(); k++) {
            sql.append(k > 0 ? " OR " : "");
            changed(keys.get(k));
        }
        sql.append(')');
    }

    /** Every referenced column not null (else nothing references the row) and a set one gets a distinct value. */
    private void changed(ForeignKey key) {
        List<String> columns = key.parentColumns();
        sql.append('(');
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i > 0 ? " AND " : "").append(update.reference()).append('.')
                    .append(dialect.quote(columns.get(i))).append(" IS NOT NULL");
        }
        sql.append(" AND (");
        boolean first = true;
        for (String column : columns) {
            int i = indexOf(update.columns(), column);
            if (i < 0) {
                continue;
            }
            String old = update.reference() + "." + dialect.quote(column);
            sql.append(first ? "" : " OR ");
            distinct(old, update.values().get(i));
            first = false;
        }
        sql.append("))");
    }

    /** Old and new differ as the database decides a key changed ({@link Dialect#keyChanged}). */
    private void distinct(String old, SqlFragment value) {
        List<String> around = dialect.keyChanged(old);
        sql.append(around.get(0));
        for (int i = 1; i < around.size(); i++) {
            append(value);
            sql.append(around.get(i));
        }
    }

    /** Copies a fragment of the user's SQL, its placeholders' parameters in the order the text is written. */
    private void append(SqlFragment fragment) {
        sql.append(fragment.text());
        parameters.addAll(fragment.parameters());
    }

    /**
     * Refuses the counts where the UPDATE changes a key in a way they do not follow (both sides of a self-reference):
     * the first entry counts the target rows whose key changes.
     */
    void refuseIfNotCounted(long[] counts) throws EstimateException {
        if (notCountedIfChanged != null && counts.length > 0 && counts[0] > 0) {
            throw new EstimateException(notCountedIfChanged);
        }
    }

    /** The query: one row {@code (item, rows)} per entry. */
    CountQuery query() {
        List<CountQuery.Item> items = new ArrayList<>();
        for (Entry e : entries) {
            List<TableId> path = new ArrayList<>();
            path.add(bound.target());
            e.path().forEach(k -> path.add(k.child()));
            items.add(new CountQuery.Item(CountQuery.ItemKind.DELETE, e.table(), e.depth(), path, e.path(), false));
        }
        return new CountQuery(sql.toString(), parameters, items, "", List.of());
    }


    /** The report from the counts of {@link #query()}, in its order. */
    CascadeReport report(long[] counts, boolean enforced) {
        List<UpdateReport.Counted> counted = new ArrayList<>();
        for (Entry e : entries) {
            counted.add(new UpdateReport.Counted(e.table(), e.action(), e.key(), e.depth(), e.path()));
        }
        return new UpdateReport(dialect, bound).report(counted, counts, enforced);
    }

    private static EffectAction action(FkAction onUpdate) {
        return switch (onUpdate) {
            case CASCADE -> EffectAction.UPDATE_CASCADE;
            case SET_NULL -> EffectAction.SET_NULL;
            case SET_DEFAULT -> EffectAction.SET_DEFAULT;
            case RESTRICT, NO_ACTION -> EffectAction.RESTRICT;
        };
    }

    private String qualified(TableId table) {
        return dialect.qualified(table);
    }

    private String name(TableId table) {
        return bound.scope().display(table);
    }

    private static int indexOf(List<String> columns, String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }
}

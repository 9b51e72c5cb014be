package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.parse.Identifiers;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.plan.CascadePlan;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DELETE ... [ORDER BY ...] LIMIT n} (MariaDB, MySQL): the counting query keeps the same rows as the DELETE
 * only when the ORDER BY decides which rows they are. Without an ORDER BY, or with one that leaves ties, SQL lets
 * the server pick, and MariaDB 10.11 measurably picks differently for the DELETE (a sort of the clustered rows)
 * and for a SELECT (a priority queue, or a covering secondary index): the target count is still right, but what
 * cascades from the chosen rows is not. Such a statement is exact only when the choice cannot matter: when no
 * foreign key acts on the target, or when the WHERE matches no more rows than the LIMIT keeps.
 */
final class LimitedTargets {

    private static final Pattern ORDER_BY = Pattern.compile("(?is)^\\s*ORDER\\s+BY\\s+(.*?)(\\s+LIMIT\\s+.*)?$");
    private static final Pattern DIRECTION = Pattern.compile("(?i)\\s+(ASC|DESC)(\\s+NULLS\\s+(FIRST|LAST))?\\s*$");

    private LimitedTargets() {
    }

    /**
     * True when the rows the LIMIT keeps may depend on the server's choice and that choice changes what cascades:
     * there is a LIMIT, the ORDER BY (if any) does not include every primary key column of the target, and some
     * foreign key acts on the target's rows.
     */
    static boolean choiceMatters(ParsedStatement.Delete delete, ParsedStatement.DeleteTarget target, CascadePlan plan,
                                 TableInfo table) {
        String clauses = delete.orderAndLimit().text();
        CascadePlan.DeleteNode root = plan.deletes().get(0);
        // nothing but the chosen rows go: unless the target references itself (a chosen row takes its subtree), or
        // foreign keys are off (which rows are left pointing at a chosen one depends on the choice)
        boolean onlyChosenRows = plan.deletes().size() <= 1 && plan.sideEffects().isEmpty()
                && root.selfLoops().isEmpty() && root.cycle().isEmpty() && plan.enforced();
        if (!hasLimit(clauses) || onlyChosenRows) {
            return false;
        }
        return table == null || table.primaryKey().isEmpty()
                || !orderedBy(clauses, target.reference()).containsAll(lower(table.primaryKey()));
    }

    /** A count (item 0) of every row the DELETE's WHERE matches, the LIMIT left out, capped at {@code cap}. */
    static CountQuery candidates(ParsedStatement.Delete delete, TableId table, Dialect dialect, long cap,
                                 boolean lockingReads) {
        SqlFragment rows = SqlFragment.of("SELECT 1 FROM ").append(delete.from());
        if (delete.where() != null) {
            rows = rows.append(" WHERE (").append(delete.where()).append(")");
        }
        if (cap != CountQueryBuilder.UNBOUNDED) {
            rows = rows.append(dialect.limit(cap));
        }
        if (lockingReads) {
            rows = rows.append(dialect.lockingRead().orElse(""));
        }
        SqlFragment with = delete.with();
        String prefix = with == null || with.isEmpty() ? ""
                : "WITH " + (delete.recursiveWith() ? "RECURSIVE " : "") + with.text();
        List<Integer> parameters = new ArrayList<>();
        if (!prefix.isEmpty()) {
            parameters.addAll(with.parameters());
        }
        parameters.addAll(rows.parameters());
        String sql = (prefix.isEmpty() ? "" : prefix + " ") + "SELECT 0 AS cg_item, COUNT(*) AS cg_rows FROM ("
                + rows.text() + ") cg_n";
        CountQuery.Item item = new CountQuery.Item(CountQuery.ItemKind.DELETE, table, 0, List.of(table), List.of(),
                false);
        return new CountQuery(sql, parameters, List.of(item), prefix, List.of(rows.text()));
    }

    private static boolean hasLimit(String clauses) {
        return Pattern.compile("(?i)(^|\\s)LIMIT\\s").matcher(clauses).find();
    }

    /**
     * The ORDER BY items, in lower case, when every one is a plain column of the target ({@code col} or
     * {@code ref.col}); empty when any is not: an expression ({@code RAND()}, {@code IF(x, id, 0)}) can make the
     * order the server's choice whatever columns follow it.
     */
    static Set<String> orderedBy(String clauses, String reference) {
        Set<String> columns = new HashSet<>();
        Matcher m = ORDER_BY.matcher(clauses);
        if (!m.matches()) {
            return columns;
        }
        String ref = Identifiers.unquote(reference).toLowerCase(Locale.ROOT);
        for (String element : m.group(1).split(",")) {
            String expression = DIRECTION.matcher(element.strip()).replaceFirst("").strip();
            String[] parts = expression.split("\\.");
            if (parts.length == 1 || parts.length == 2
                    && Identifiers.unquote(parts[0].strip()).toLowerCase(Locale.ROOT).equals(ref)) {
                String column = parts[parts.length - 1].strip();
                if (column.matches("[`\"]?[\\w$]+[`\"]?")) {
                    columns.add(Identifiers.unquote(column).toLowerCase(Locale.ROOT));
                    continue;
                }
            }
            return Set.of();
        }
        return columns;
    }

    private static Set<String> lower(List<String> names) {
        Set<String> lowered = new HashSet<>();
        names.forEach(n -> lowered.add(n.toLowerCase(Locale.ROOT)));
        return lowered;
    }
}

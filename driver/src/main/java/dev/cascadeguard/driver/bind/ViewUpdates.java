package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.dialect.ViewInfo;
import dev.cascadeguard.driver.parse.Identifiers;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An UPDATE through a view, bound as the UPDATE of its base table's rows that the database performs ({@link ViewPath}):
 * each SET column mapped to the base column the view shows, the rows picked by selecting through the view itself,
 * so its WHERE and the statement's are the database's to evaluate. An UPDATE that sets no referenced key of the
 * base table binds to nothing: it is not destructive.
 */
final class ViewUpdates {

    private static final String ALIAS = "cg_v";

    private ViewUpdates() {
    }

    /**
     * @return empty when the target is no view (or, unless {@code graphIsFresh}, its base table is not in the graph);
     *         else the UPDATE of the base table, or no statement when it sets no referenced key
     */
    static Optional<List<BoundStatement>> bind(ParsedStatement.Update update, Scope scope, DialectSession session,
                                               boolean graphIsFresh) throws SQLException, BindException {
        Optional<ViewPath> found = ViewPath.follow(update.table(), "UPDATE", ViewInfo::notUpdatable, scope, session,
                graphIsFresh);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ViewPath path = found.get();
        Dialect dialect = session.dialect();
        boolean ignoreCase = dialect.columnNamesIgnoreCase();
        String shown = update.table().toString();
        if (update.joined()) {
            throw new BindException("UPDATE through the view " + shown + " with FROM, joins, ORDER BY or LIMIT is not "
                    + "predicted");
        }
        List<String> baseColumns = new ArrayList<>();
        for (String column : update.columns()) {
            baseColumns.add(path.baseColumnOf(column, ignoreCase).orElseThrow(() -> new BindException("UPDATE "
                    + "through the view " + shown + " sets " + column + ", which the view does not show as a column "
                    + "of " + scope.display(path.base().id()) + "; not predicted")));
        }
        TableInfo base = path.base();
        if (scope.graph().referencingAny(base.id(), baseColumns).isEmpty()) {
            return Optional.of(List.of());
        }
        Set<String> viewColumns = path.columns().stream().map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        for (int i = 0; i < update.values().size(); i++) {
            SqlFragment value = update.values().get(i);
            if (value == null || Identifiers.hasWordAmong(value.text(), viewColumns, Integer.MAX_VALUE)) {
                throw new BindException("UPDATE through the view " + shown + ": the new value of "
                        + update.columns().get(i) + " reads columns of the view, which the count cannot read on "
                        + scope.display(base.id()) + "; not predicted");
            }
        }
        if (base.primaryKey().isEmpty()) {
            throw new BindException("UPDATE through the view " + shown + ": its base table " + scope.display(base.id())
                    + " has no primary key, so the rows it changes cannot be told apart; not predicted");
        }
        List<String> match = new ArrayList<>();
        for (String key : base.primaryKey()) {
            String viewColumn = path.viewColumnOf(key, ignoreCase).orElseThrow(() -> new BindException("UPDATE "
                    + "through the view " + shown + ": it does not show the key column " + key + " of its base table "
                    + scope.display(base.id()) + " unchanged, so the guard cannot tell which rows it changes; not "
                    + "predicted"));
            match.add(update.reference() + "." + dialect.quote(viewColumn) + " = " + ALIAS + "." + dialect.quote(key));
        }
        SqlFragment where = SqlFragment.of("EXISTS (SELECT 1 FROM " + update.written() + " WHERE ");
        if (update.where() != null) {
            where = where.append("(").append(update.where()).append(") AND ");
        }
        where = where.append(String.join(" AND ", match) + ")");
        TableId table = base.id();
        ParsedStatement.Update onBase = new ParsedStatement.Update(update.sql(),
                new TableName(table.schema(), table.name(), true), dialect.qualified(table) + " " + ALIAS, ALIAS,
                baseColumns, update.values(), where, false);
        String note = "an UPDATE through the view " + path.described() + ": counted as the UPDATE of the "
                + scope.display(table) + " rows it shows";
        return Optional.of(List.of(new BoundStatement.Update(onBase, table, scope, List.of(note))));
    }
}

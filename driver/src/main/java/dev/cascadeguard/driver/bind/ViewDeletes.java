package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.dialect.ViewInfo;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DELETE through a view, bound as the DELETE of its base table's rows that the database performs: the rows of
 * base table {@code b} whose key a row of the view, matching the statement's own WHERE, shows. The guard selects
 * through the view itself, so the view's WHERE, security barrier and the columns the WHERE reads are the
 * database's to evaluate; what it must prove from the catalog is only that the view is deleted through by the
 * database's own rules (no INSTEAD OF trigger, no rule, updatable) at every level, down to a table of the graph, and
 * that the view shows every column of that table's primary key unchanged. Anything else fails closed, with the
 * reason in the message.
 */
final class ViewDeletes {

    private static final String ALIAS = "cg_v";

    private ViewDeletes() {
    }

    /**
     * {@code delete}, whose target the graph does not hold, bound to its view's base table; empty when the target
     * is no view (it is then not in the catalog at all), or, unless {@code graphIsFresh}, when the view's base table
     * is not in the graph (it may be newer than the cached graph: the caller reloads it and asks again).
     */
    static Optional<BoundStatement.Delete> bind(ParsedStatement.Delete delete, Scope scope, DialectSession session,
                                                boolean graphIsFresh) throws SQLException, BindException {
        Dialect dialect = session.dialect();
        if (delete.targets().size() != 1) {
            for (ParsedStatement.DeleteTarget target : delete.targets()) {
                if (dialect.resolve(target.table(), scope.schema(), scope.graph()) == null
                        && session.view(target.table(), scope.schema()).isPresent()) {
                    throw new BindException("DELETE of several tables, one of them the view " + target.table()
                            + ": a multi-table DELETE through a view is not predicted");
                }
            }
            return Optional.empty();
        }
        ParsedStatement.DeleteTarget target = delete.targets().get(0);
        String shown = target.table().toString();
        if (!delete.orderAndLimit().isEmpty() && session.view(target.table(), scope.schema()).isPresent()) {
            throw new BindException("DELETE through the view " + shown + " with ORDER BY / LIMIT: which rows the "
                    + "server picks is not predicted");
        }
        Optional<ViewPath> path = ViewPath.follow(target.table(), "DELETE", ViewInfo::notDeletable, scope, session,
                graphIsFresh);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rewritten(delete, target, path.get(), dialect, scope, shown));
    }

    private static BoundStatement.Delete rewritten(ParsedStatement.Delete delete, ParsedStatement.DeleteTarget target,
                                                   ViewPath path, Dialect dialect, Scope scope, String shown)
            throws BindException {
        TableInfo base = path.base();
        if (base.primaryKey().isEmpty()) {
            throw new BindException("DELETE through the view " + shown + ": its base table " + scope.display(base.id())
                    + " has no primary key, so the rows it deletes cannot be told apart; not predicted");
        }
        List<String> match = new ArrayList<>();
        for (String key : base.primaryKey()) {
            String viewColumn = path.viewColumnOf(key, dialect.columnNamesIgnoreCase())
                    .orElseThrow(() -> new BindException("DELETE through the view " + shown + ": it does not show "
                            + "the key column " + key + " of its base table " + scope.display(base.id())
                            + " unchanged, so the guard cannot tell which rows it deletes; not predicted"));
            match.add(target.reference() + "." + dialect.quote(viewColumn) + " = " + ALIAS + "." + dialect.quote(key));
        }
        // the base rows the view's matching rows show: the database evaluates the view and the statement's WHERE
        SqlFragment where = SqlFragment.of("EXISTS (SELECT 1 FROM ").append(delete.from()).append(" WHERE ");
        if (delete.where() != null) {
            where = where.append("(").append(delete.where()).append(") AND ");
        }
        where = where.append(String.join(" AND ", match) + ")");
        TableId table = base.id();
        ParsedStatement.Delete onBase = new ParsedStatement.Delete(delete.sql(),
                List.of(new ParsedStatement.DeleteTarget(new TableName(table.schema(), table.name(), true), ALIAS)),
                delete.with(), delete.recursiveWith(), SqlFragment.of(dialect.qualified(table) + " " + ALIAS), false,
                where, SqlFragment.EMPTY);
        String note = "a DELETE through the view " + path.described() + ": counted as the DELETE of the "
                + scope.display(table) + " rows it shows";
        return new BoundStatement.Delete(onBase, List.of(table), scope, List.of(note), delete);
    }
}
